"""Read aloud on pupil and parent pages, with the device's own voices (Debian's speech-dispatcher
and espeak-ng, which `make test` installs), and no control at all where there is no such voice."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.browser
LESSON = "book/pupils-7-11/being-kind-online.html"


@pytest.fixture(scope="module")
def speech_dispatcher(tmp_path_factory):
    """A speech-dispatcher of the tests' own, on its own socket, playing into libao's null
    device: a test machine has no sound card, and the shared one hangs after its first words."""
    home = tmp_path_factory.mktemp("speech")
    config = home / "config"
    shutil.copytree("/etc/speech-dispatcher", config)
    with (config / "speechd.conf").open("a") as conf:
        conf.write('\nAudioOutputMethod "libao"\n')
    (home / ".libao").write_text("default_driver=null\n")
    socket = home / "speechd.sock"
    server = subprocess.Popen(["speech-dispatcher", "--run-single", "-c", "unix_socket", "-S", str(socket), "-t", "0",
                               "-C", str(config)], env={**os.environ, "HOME": str(home)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"unix_socket:{socket}"
    server.kill()
    server.wait()


@pytest.fixture(scope="module")
def speaking_browser(playwright, speech_dispatcher):
    """Chromium with the on-device voices of speech-dispatcher and espeak-ng, as on a Chromebook."""
    chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                          args=[*CHROMIUM_ARGS, "--enable-speech-dispatcher"],
                                          env={**os.environ, "SPEECHD_ADDRESS": speech_dispatcher})
    yield chromium
    chromium.close()


def speaking(page) -> bool:
    return page.evaluate("speechSynthesis.speaking")


LONGER = """() => { const speak = speechSynthesis.speak.bind(speechSynthesis);
  speechSynthesis.speak = u => { u.text = (u.text + ' ').repeat(30); speak(u); }; }"""


def test_a_section_is_read_aloud_paused_and_stopped(speaking_browser, course_url):
    page = speaking_browser.new_page()
    page.goto(f"{course_url}/{LESSON}")
    page.evaluate(LONGER)  # with no sound card the voice reads fast: give it time to be paused
    read = page.locator(".ck-speak").first
    expect(read).to_be_visible(timeout=15000)  # once the voices have loaded
    expect(page.locator(".ck-speak").nth(1)).to_be_visible()
    read.click()
    page.wait_for_function("() => speechSynthesis.speaking", timeout=10000)
    expect(read).to_have_text("Pause")
    read.click()
    expect(read).to_have_text("Resume")
    page.wait_for_function("() => !speechSynthesis.speaking", timeout=5000)  # paused: silent
    read.click()
    expect(read).to_have_text("Pause")
    page.wait_for_function("() => speechSynthesis.speaking", timeout=10000)  # and on again
    stop = page.locator(".ck-speak-stop").first
    stop.click()
    page.wait_for_function("() => !speechSynthesis.speaking", timeout=5000)
    expect(read).to_have_text("Read aloud")
    expect(stop).to_be_hidden()
    page.close()


def test_a_scenario_is_read_aloud_with_its_messages(speaking_browser, course_url):
    page = speaking_browser.new_page()
    page.goto(f"{course_url}/{LESSON}")
    spoken = []
    page.expose_function("heard", lambda text: spoken.append(text))
    page.evaluate("""() => { const speak = speechSynthesis.speak.bind(speechSynthesis);
        speechSynthesis.speak = u => { window.heard(u.text); speak(u); }; }""")
    quiz = page.locator(".ck-quiz").first
    title = quiz.locator(".ck-title").inner_text()
    page.get_by_role("button", name=f"Read aloud: {title}").click()
    page.wait_for_function("() => speechSynthesis.speaking", timeout=10000)
    said = " ".join(spoken)
    assert title in said
    assert quiz.locator("fieldset legend").first.inner_text() in said  # the question now open
    if quiz.locator(".ck-chat-message").count():
        message = quiz.locator(".ck-chat-message").first
        assert f"{message.locator('.ck-chat-sender').inner_text()} says: {message.locator('.ck-chat-text').inner_text()}" in said
    page.locator(".ck-speak-stop:visible").click()
    page.close()


def test_no_control_without_an_on_device_voice_nor_on_staff_pages(browser, speaking_browser, course_url):
    page = browser.new_page()  # Chromium with no voices
    page.goto(f"{course_url}/{LESSON}")
    page.wait_for_timeout(3000)
    expect(page.locator(".ck-speak")).to_have_count(0)
    page.close()
    page = speaking_browser.new_page()
    page.goto(f"{course_url}/book/staff/recognising-online-bullying.html")
    page.wait_for_timeout(3000)
    expect(page.locator(".ck-speak")).to_have_count(0)
    page.goto(f"{course_url}/book/parents/talking-with-your-child.html")
    expect(page.locator(".ck-speak").first).to_be_visible(timeout=15000)
    page.close()


@pytest.mark.parametrize("path", [LESSON, "book/parents/when-it-happens.html"])
def test_the_read_aloud_controls_pass_axe(speaking_browser, course_url, path):
    from test_browser import AXE_JS, WCAG_TAGS

    page = speaking_browser.new_page()
    page.goto(f"{course_url}/{path}")
    expect(page.locator(".ck-speak").first).to_be_visible(timeout=15000)
    page.evaluate(LONGER)
    page.locator(".ck-speak").first.click()  # one reading, so Pause and Stop are audited too
    expect(page.locator(".ck-speak-stop:visible")).to_have_count(1)
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in result["violations"]] == []
    page.locator(".ck-speak-stop:visible").click()
    page.close()
