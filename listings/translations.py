"""Listings in the buyer's language: the listing-translation workflow.

Every listing is translated into every other interface language by one Celery
job per listing (`listings.tasks.listing_translations_task`, on the `translation`
queue) through the translation engine (`translation.services.translate_text`);
a seller's own translation (kind human) is never overwritten by a machine; the
seller's English serves as the source for the languages no sentence engine reads
the original for (the pivot). ListingTranslation rows say which source they were
made from (`source_hash`), so an edit makes them stale."""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.errors import DomainError, NotFound
from marketplace.jobs import enqueue
from marketplace.pagecache import storefront_changed, storefront_changes_batched
from translation.engines.base import HTML
from translation.models import TranslationKind
from translation.services import TranslationResult, sentence_engine_supports, translate_text

from .models import Listing, ListingStatus, ListingTranslation, ListingVariant
from .sanitize import sanitize_description
from .search import listing_search_vector_update, listings_search_index_update


def listing_source_hash(*, title: str, attributes: dict, description: str = "") -> str:
    """The hash of what a listing translation is made from (title, attribute
    values and description): editing any of them gives a new hash, so older jobs
    and rows go stale. (A listing without a description hashes as it did before
    descriptions were translated, so its rows stay current.)"""
    source = {"title": title, "attributes": attributes or {}}
    if (description or "").strip():
        source["description"] = description
    payload = json.dumps(source, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def listing_source_hash_of(listing) -> str:
    """listing_source_hash of a Listing (title, attributes and description loaded)."""
    return listing_source_hash(title=listing.title, attributes=listing.attributes, description=listing.description)


TERM_MAX_CHARS = 100  # a longer "term" is not a label: it is shown as written


def listing_terms(listing, variant_options=None) -> list[str]:
    """The listing's short labels a reader needs in their language, in page
    order and once each: attribute names, variant option names, option values.
    `variant_options` is the variants' `options` dicts (read from the database
    when None)."""
    if variant_options is None:
        variant_options = ListingVariant.objects.filter(listing_id=listing.pk).values_list("options", flat=True)
    terms = list((listing.attributes or {}).keys())
    terms += list(getattr(listing, "option_names", None) or [])
    for options in variant_options:
        for name, value in (options or {}).items():
            terms += [name, str(value)]
    cleaned = (" ".join(str(term).split()) for term in terms)
    return list(dict.fromkeys(term for term in cleaned if term and len(term) <= TERM_MAX_CHARS))


def listing_terms_missing(row, terms: list[str]) -> list[str]:
    """The terms `row` (a ListingTranslation or None) has not been translated for yet."""
    have = (row.terms or {}) if row is not None else {}
    return [term for term in terms if term not in have]


def listing_translation_languages(source_language: str) -> list[str]:
    """Every interface language but the listing's own."""
    return [code for code, _name in settings.LANGUAGES if code != source_language]


@dataclass(frozen=True)
class ListingTranslationOutcome:
    status: str  # "stored", "stale", "current", "human", "missing", "untranslated"
    retry_later: bool = False


def _translated_description(result: TranslationResult) -> str:
    """An engine's HTML, sanitised as a seller's description is: engine output is never trusted as HTML."""

    return sanitize_description(result.text) if result.translated else ""


PIVOT_LANGUAGE = "en"


def listing_pivot_languages(source_language: str) -> list[str]:
    """The languages a listing in `source_language` is better translated into from
    its seller's own English: no sentence engine reads `source_language` for them
    (e.g. Russian → Spanish offline, where the glossary gives keywords at best),
    one reads English (Apertium)."""
    if source_language == PIVOT_LANGUAGE:
        return []
    return [
        language
        for language in listing_translation_languages(source_language)
        if language != PIVOT_LANGUAGE
        and not sentence_engine_supports(source_language, language)
        and sentence_engine_supports(PIVOT_LANGUAGE, language)
    ]


def _listing_pivot(listing, language: str):
    """The listing's human English translation, when translating into `language`
    is better done from it than from the original (listing_pivot_languages)."""

    if language not in listing_pivot_languages(listing.source_language):
        return None
    return ListingTranslation.objects.filter(
        listing_id=listing.pk, language=PIVOT_LANGUAGE, kind=TranslationKind.HUMAN
    ).first()


def _listing_english(listing, language: str):
    """The seller's own English translation of the listing (None without one, or
    for English itself): the fallback source when no engine reads the original."""
    if language == PIVOT_LANGUAGE or listing.source_language == PIVOT_LANGUAGE:
        return None
    return ListingTranslation.objects.filter(
        listing_id=listing.pk, language=PIVOT_LANGUAGE, kind=TranslationKind.HUMAN
    ).first()


def _terms_translate(terms: list[str], source: str, language: str, english) -> tuple[dict[str, str], bool]:
    """Each term in `language`: {term: translation}, "" where no engine can
    translate it (so the job does not ask again), nothing for a term whose
    engine was unavailable (asked again on the retry). Through the seller's
    English term where there is one and the original is unreadable for
    `language`. Returns the translations and whether to retry later."""
    english_terms = (english.terms or {}) if english is not None else {}
    translated, retry_later = {}, False
    for term in terms:
        result = translate_text(text=term, source=source, target=language)
        if not result.translated and english_terms.get(term):
            result = translate_text(text=english_terms[term], source=PIVOT_LANGUAGE, target=language)
        if result.translated:
            translated[term] = " ".join(result.text.split())[:TERM_MAX_CHARS]
        elif result.retry_later:
            retry_later = True
        else:
            translated[term] = ""
    return translated, retry_later


def _terms_complete(listing, language: str, row, terms: list[str], *, outcome: str, update_index: bool = True):
    """Fill the terms `row` lacks (the seller added a variant or an attribute;
    a human row the seller left some terms out of): never a term already there,
    so a seller's own term is never overwritten."""
    missing = listing_terms_missing(row, terms)
    if not missing:
        return ListingTranslationOutcome(outcome)
    english = _listing_pivot(listing, language) or _listing_english(listing, language)
    translated, retry_later = _terms_translate(missing, listing.source_language, language, english)
    if translated:
        with transaction.atomic():
            locked = Listing.objects.select_for_update(of=("self",)).only("status").get(pk=listing.pk)
            fresh = (
                ListingTranslation.objects.select_for_update().filter(pk=row.pk, source_hash=row.source_hash).first()
            )
            if fresh is None:  # replaced meanwhile: the newer job fills it
                return ListingTranslationOutcome("stale")
            fresh.terms = {**translated, **(fresh.terms or {})}
            fresh.save(update_fields=["terms", "updated_at"])
            if update_index:  # the terms are searched (listings.search.documents); a batch indexes at its end
                listing_search_vector_update(listing.pk)
            if locked.status == ListingStatus.ACTIVE and any(translated.values()):
                storefront_changed()
    return ListingTranslationOutcome(outcome, retry_later=retry_later)


def listing_translation_refresh(
    *,
    listing_id: int,
    language: str,
    source_hash: str,
    with_attributes: bool = True,
    with_description: bool = True,
    update_index: bool = True,
    with_terms: bool = True,
) -> ListingTranslationOutcome:
    """Translate listing `listing_id`'s title, attribute values and description
    into `language` and store them, if `source_hash` is still the listing's source.

    Replay-safe: a stale job (the seller edited since), a row already made from
    this source, and a human translation all return without writing. A row made
    from this source whose description could not be translated yet (no engine for
    sentences in this pair, or one unavailable) is completed when an engine can:
    the title is stored at once, the description follows. Engines are called
    outside any row lock; the row is written in a short transaction that checks
    again under the listing's lock. `with_attributes=False` stores no attribute
    values (the page shows them in the original); `with_description=False` (the
    demo seed: no sentence engine called synchronously) leaves the description
    to the listing's queued job, which completes the row; so does
    `with_terms=False` with the terms (attribute names, option names and
    values: listing_terms), which a row lacking some of them gets filled in
    by the next job, human rows included (a seller's own term is kept).
    `update_index=False` (a batch of languages or listings) leaves the search
    index to one listing_translations_index call at the end of the batch."""

    fields = ("title", "attributes", "description", "source_language", "option_names")
    listing = Listing.objects.filter(pk=listing_id).only(*fields).first()
    if listing is None:
        return ListingTranslationOutcome("missing")
    if listing_source_hash_of(listing) != source_hash:
        return ListingTranslationOutcome("stale")
    if language == listing.source_language:
        return ListingTranslationOutcome("current")
    wants_description = with_description and bool((listing.description or "").strip())
    existing = ListingTranslation.objects.filter(listing_id=listing_id, language=language).first()
    terms = listing_terms(listing) if with_attributes and with_terms else []
    if existing is not None and existing.kind == TranslationKind.HUMAN:
        return _terms_complete(listing, language, existing, terms, outcome="human", update_index=update_index)
    if existing is not None and existing.source_hash == source_hash and (existing.description or not wants_description):
        return _terms_complete(listing, language, existing, terms, outcome="current", update_index=update_index)

    source = listing.source_language
    pivot = _listing_pivot(listing, language)  # the seller's own English, where it reads better than the original
    english = pivot or _listing_english(listing, language)

    def from_pivot_or_source(original: str, english_text: str, **kwargs) -> TranslationResult:
        if pivot is not None and english_text.strip():
            return translate_text(text=english_text, source=PIVOT_LANGUAGE, target=language, **kwargs)
        result = translate_text(text=original, source=source, target=language, **kwargs)
        if not result.translated and english is not None and english_text.strip():
            # No engine reads the original for this language: the seller's English may be readable.
            english_result = translate_text(text=english_text, source=PIVOT_LANGUAGE, target=language, **kwargs)
            if english_result.translated:
                return english_result
        return result

    title = from_pivot_or_source(listing.title, english.title if english else "")
    attributes = {
        name: from_pivot_or_source(str(value), str((english.attributes or {}).get(name, "")) if english else "")
        for name, value in (listing.attributes or {}).items()
        if with_attributes
    }
    translated_terms, terms_retry = _terms_translate(terms, source, language, english)
    description = (
        from_pivot_or_source(listing.description, english.description if english else "", format=HTML)
        if wants_description
        else TranslationResult(text="", engine="", kind="original")
    )
    results = [title, *attributes.values(), description]
    retry_later = terms_retry or any(r.retry_later for r in results)
    if not title.translated:
        return ListingTranslationOutcome("untranslated", retry_later=retry_later)
    translated_description = _translated_description(description)
    if existing is not None and existing.source_hash == source_hash and not translated_description:
        # Still no engine for the description; the terms may be new (the variants changed).
        outcome = _terms_complete(listing, language, existing, terms, outcome="current", update_index=update_index)
        return ListingTranslationOutcome("current", retry_later=retry_later or outcome.retry_later)
    kinds = {r.kind for r in results if r.translated}
    engines = [r.engine for r in results if r.translated and r.engine]

    with transaction.atomic():
        locked = Listing.objects.select_for_update(of=("self",)).only(*fields, "status").get(pk=listing_id)
        if listing_source_hash_of(locked) != source_hash:
            return ListingTranslationOutcome("stale")
        row = ListingTranslation.objects.select_for_update().filter(listing_id=listing_id, language=language).first()
        if row is not None and row.kind == TranslationKind.HUMAN:
            return ListingTranslationOutcome("human")
        if row is not None and row.source_hash == source_hash and (row.description or not translated_description):
            return ListingTranslationOutcome("current", retry_later=retry_later)
        row = row or ListingTranslation(listing_id=listing_id, language=language)
        row.title = title.text[: ListingTranslation._meta.get_field("title").max_length]
        row.attributes = {name: result.text for name, result in attributes.items()}
        row.terms = {term: text for term, text in {**(row.terms or {}), **translated_terms}.items() if term in terms}
        row.description = translated_description
        row.engine = title.engine or (engines[0] if engines else "")
        row.kind = TranslationKind.MACHINE if TranslationKind.MACHINE in kinds else title.kind
        row.source_hash = source_hash
        row.save()
        if update_index:
            listing_search_vector_update(listing_id)
        if locked.status == ListingStatus.ACTIVE:  # a draft's translation changes no cached storefront page
            storefront_changed(language=language)  # only this language's pages (and text searches)
    # An attribute left in the original is shown as such; a description that waits for an
    # unavailable engine makes the job try again later (retry_later).
    return ListingTranslationOutcome("stored", retry_later=retry_later)


def listing_translations_enqueue(listing) -> None:
    """Queue (on commit) the listing's translation job: every interface language but its own."""
    enqueue(
        "listings.tasks.listing_translations_task",
        listing_id=listing.pk,
        source_hash=listing_source_hash_of(listing),
        languages=listing_translation_languages(listing.source_language),
    )


@storefront_changes_batched()  # the cached pages are retired once, when every listing is done
def listing_translations_fill(
    listing_ids,
    *,
    with_attributes: bool = True,
    with_description: bool = True,
    skip_pivot: bool = False,
    with_terms: bool = False,
) -> int:
    """Translate, synchronously, every listing of `listing_ids` into every language
    it lacks a current translation in (the demo seed; no Celery). Returns rows stored.
    `skip_pivot` leaves the languages translated from the seller's English
    (listing_pivot_languages: Apertium, ~0.2 s a call) to the listing's queued job;
    so does `with_terms=False` (the default) with the option and attribute names."""

    have = set(
        ListingTranslation.objects.filter(listing_id__in=listing_ids).values_list(
            "listing_id", "language", "source_hash"
        )
    )
    stored = 0
    stored_languages: set[str] = set()
    fields = ("title", "attributes", "description", "source_language")
    for listing in Listing.objects.filter(pk__in=listing_ids).only(*fields):
        source_hash = listing_source_hash_of(listing)
        skipped = listing_pivot_languages(listing.source_language) if skip_pivot else []
        for language in listing_translation_languages(listing.source_language):
            if (listing.pk, language, source_hash) in have or language in skipped:
                continue
            outcome = listing_translation_refresh(
                listing_id=listing.pk,
                language=language,
                source_hash=source_hash,
                with_attributes=with_attributes,
                with_description=with_description,
                update_index=False,
                with_terms=with_terms,
            )
            if outcome.status == "stored":
                stored += 1
                stored_languages.add(language)
    listing_translations_index(listing_ids, changed=stored > 0, languages=sorted(stored_languages))
    return stored


def listing_translations_index(listing_ids, *, changed: bool = True, languages=None) -> None:
    """The end of a batch of listing_translation_refresh(update_index=False)
    calls: the listings' search documents rewritten in one update, and, when
    a translation was `changed`, the cached storefront pages retired (a search
    page cached before this update would miss the new words). Idempotent: a
    replayed batch rewrites the same documents. With `languages` (those the
    batch stored), only their pages and the text searches are retired."""
    ids = list(listing_ids)
    with transaction.atomic():
        listings_search_index_update(ids)
        if changed and Listing.objects.filter(pk__in=ids, status=ListingStatus.ACTIVE).exists():
            if languages is None:
                storefront_changed()
            for language in languages or ():
                storefront_changed(language=language)


def listing_translation_store_human(
    *, listing_id: int, language: str, title: str, attributes: dict[str, str], description: str = "", engine: str
) -> None:
    """Store a human translation written by Caravan (the demo catalogue's English,
    engine e.g. "caravan"): kind human, so no machine job overwrites it; made from
    the listing as it is now. The description is sanitised like a seller's.
    Idempotent: storing the same text again changes nothing but updated_at."""

    with transaction.atomic():
        listing = (
            Listing.objects.select_for_update(of=("self",))
            .only("title", "attributes", "description", "source_language")
            .get(pk=listing_id)
        )
        if language not in listing_translation_languages(listing.source_language):
            raise DomainError(_("Choose one of Caravan's languages other than the listing's own."), field="language")
        ListingTranslation.objects.update_or_create(
            listing_id=listing_id,
            language=language,
            defaults={
                "title": title[: ListingTranslation._meta.get_field("title").max_length],
                "attributes": {name: value for name, value in attributes.items() if name in (listing.attributes or {})},
                "description": sanitize_description(description),
                "engine": engine,
                "kind": TranslationKind.HUMAN,
                "source_hash": listing_source_hash_of(listing),
            },
        )
        listing_search_vector_update(listing_id)
        storefront_changed()


# --- a seller's own translation (human override) -------------------------------------------------

OVERRIDE_TITLE_MIN = 5
OVERRIDE_TITLE_MAX = 200
OVERRIDE_ATTRIBUTE_MAX = 200
HUMAN_ENGINE = "seller"


def override_description_max() -> int:
    return settings.CARAVAN_LISTING_DESCRIPTION_MAX_CHARS  # as long as the listing's own may be


def _listing_for_translator(actor, listing_id: int, language: str):
    """The listing `listing_id`, locked, if `actor` is its approved seller and
    `language` is an interface language other than the listing's own."""
    from .services import seller_may_manage_listings

    listing = (
        Listing.objects.select_for_update(of=("self",))
        .select_related("seller")
        .only(
            "title", "attributes", "description", "source_language", "option_names", "seller__user_id", "seller__status"
        )
        .filter(pk=listing_id)
        .first()
    )
    if listing is None:
        raise NotFound(_("There is no such listing."))
    seller_may_manage_listings(listing.seller, actor)
    if language not in listing_translation_languages(listing.source_language):
        raise DomainError(_("Choose one of Caravan's languages other than the listing's own."), field="language")
    return listing


def listing_translation_override(
    *,
    actor,
    listing_id: int,
    language: str,
    title: str,
    attributes: dict[str, str],
    description: str | None = None,
    terms: dict[str, str] | None = None,
):
    """Store the seller's own translation of a listing into `language` (kind
    human, engine "seller"): no machine job overwrites it afterwards.

    `terms` translates attribute names, option names and option values
    ({original: translation}, listing_terms); a blank one keeps the row's
    current term (a machine's, if any); None keeps them all.

    `description` is HTML, sanitised like the listing's own; None keeps the
    row's current description (the machine one, if any). Locks the listing and
    the row; refreshes the search vector; nothing is written on bad input."""

    if description is not None:
        if not isinstance(description, str) or len(description) > override_description_max():
            raise DomainError(
                _("Keep the description within %(max)s characters.") % {"max": override_description_max()},
                field="description",
            )
        description = sanitize_description(description)
    title = " ".join((title or "").split())
    if not OVERRIDE_TITLE_MIN <= len(title) <= OVERRIDE_TITLE_MAX:
        raise DomainError(
            _("Write a title of %(min)s to %(max)s characters.")
            % {"min": OVERRIDE_TITLE_MIN, "max": OVERRIDE_TITLE_MAX},
            field="title",
        )
    with transaction.atomic():
        listing = _listing_for_translator(actor, listing_id, language)
        known = listing.attributes or {}
        cleaned = {}
        for name, value in (attributes or {}).items():
            if name not in known:
                raise DomainError(_("This listing has no attribute “%(name)s”.") % {"name": name}, field="attributes")
            value = " ".join(str(value or "").split())
            if len(value) > OVERRIDE_ATTRIBUTE_MAX:
                raise DomainError(
                    _("Keep each attribute value within %(max)s characters.") % {"max": OVERRIDE_ATTRIBUTE_MAX},
                    field="attributes",
                )
            if value:
                cleaned[name] = value
        own_terms = _override_terms_clean(listing, terms)
        row = ListingTranslation.objects.select_for_update().filter(listing_id=listing.pk, language=language).first()
        row = row or ListingTranslation(listing_id=listing.pk, language=language)
        row.title = title
        row.attributes = cleaned
        row.terms = {**(row.terms or {}), **own_terms}
        if description is not None:
            row.description = description
        row.engine = HUMAN_ENGINE
        row.kind = TranslationKind.HUMAN
        row.source_hash = listing_source_hash_of(listing)
        row.save()
        if language == PIVOT_LANGUAGE:
            _pivoted_translations_redo(listing)
        listing_search_vector_update(listing.pk)
        storefront_changed()
    return row


def _override_terms_clean(listing, terms: dict[str, str] | None) -> dict[str, str]:
    """A seller's term translations, checked: every key one of the listing's
    terms, every value one line within TERM_MAX_CHARS; blanks dropped."""
    if not terms:
        return {}
    if not isinstance(terms, dict):
        raise DomainError(_("Give each term's translation by its original."), field="terms")
    known = set(listing_terms(listing))
    cleaned = {}
    for term, value in terms.items():
        if term not in known:
            raise DomainError(_("This listing has no option or attribute “%(name)s”.") % {"name": term}, field="terms")
        value = " ".join(str(value or "").split())
        if len(value) > TERM_MAX_CHARS:
            raise DomainError(_("Keep each term within %(max)s characters.") % {"max": TERM_MAX_CHARS}, field="terms")
        if value:
            cleaned[term] = value
    return cleaned


def _pivoted_translations_redo(listing) -> None:
    """The seller's English changed: the machine translations made from it (or
    made without it, where it now serves as the source) are dropped and the
    listing's job is queued for those languages. Called under the listing's lock."""
    languages = listing_pivot_languages(listing.source_language)
    if not languages:
        return
    ListingTranslation.objects.filter(listing_id=listing.pk, language__in=languages).exclude(
        kind=TranslationKind.HUMAN
    ).delete()
    enqueue(
        "listings.tasks.listing_translations_task",
        listing_id=listing.pk,
        source_hash=listing_source_hash_of(listing),
        languages=languages,
    )


def listing_translation_reset(*, actor, listing_id: int, language: str) -> None:
    """Drop the seller's own translation into `language` and queue a machine job,
    so the machine translation comes back."""
    with transaction.atomic():
        listing = _listing_for_translator(actor, listing_id, language)
        deleted, _counts = ListingTranslation.objects.filter(
            listing_id=listing.pk, language=language, kind=TranslationKind.HUMAN
        ).delete()
        if not deleted:
            raise DomainError(_("There is no translation of yours in this language to replace."), field="language")
        if language == PIVOT_LANGUAGE:
            _pivoted_translations_redo(listing)
        listing_search_vector_update(listing.pk)
        storefront_changed()
        source_hash = listing_source_hash_of(listing)
        enqueue(
            "listings.tasks.listing_translate_task", listing_id=listing.pk, language=language, source_hash=source_hash
        )
