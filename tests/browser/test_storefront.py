import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory


def test_switch_language_and_currency_from_the_header(site, page: Page):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Direct from the makers, delivered to your door")
    expect(page.get_by_test_id("current-currency")).to_have_text("USD")

    page.get_by_test_id("preferences").locator("summary").click()
    page.get_by_test_id("select-language").select_option("ru")
    page.get_by_test_id("select-currency").select_option("BRL")
    page.get_by_test_id("select-country").select_option("BR")
    page.get_by_role("button", name="Save").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_test_id("current-language")).to_have_text("Русский")
    expect(page.get_by_test_id("current-currency")).to_have_text("BRL")
    expect(page.get_by_test_id("current-ship-to")).to_have_text("Бразилия")
    expect(page.get_by_role("button", name="Найти")).to_be_visible()  # the search button is Russian now
    expect(page.get_by_text("Защита покупателя").first).to_be_visible()

    # The choice sticks on the next page.
    page.get_by_role("link", name=re.compile("Продавайте|Продавать")).first.click()
    expect(page.get_by_test_id("current-currency")).to_have_text("BRL")


def test_sign_up_log_out_and_log_in(site, page: Page):
    page.goto(site + "/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Your name").fill("Ana Souza")
    page.get_by_label("Password", exact=True).fill("a long passphrase 42")
    page.get_by_label("Password again").fill("a long passphrase 42")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_test_id("account-link")).to_have_text("Hi, Ana")
    expect(page.get_by_text("Welcome to Caravan!")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct email address and password")).to_be_visible()
    page.get_by_label("Password").fill("a long passphrase 42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("account-link")).to_have_text("Hi, Ana")


def test_sign_up_with_a_weak_password_shows_the_error(site, page: Page):
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email address").fill("weak@example.com")
    page.get_by_label("Password", exact=True).fill("12345")
    page.get_by_label("Password again").fill("12345")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("This password is too short.")).to_be_visible()


def test_saved_profile_language_wins_after_log_in(site, page: Page):
    UserFactory(email="olga@example.com", language="ru", currency="RUB")
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email address").fill("olga@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_test_id("current-currency")).to_have_text("RUB")
