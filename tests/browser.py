"""Headless Debian Chromium driven by Selenium through Debian's chromedriver.

Shared by the browser tests: no browser is downloaded, console messages are
collected so a test can fail on any JavaScript error.
"""
import contextlib
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get('CHROMIUM_BIN', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('CHROMEDRIVER_BIN', '/usr/bin/chromedriver')

DESKTOP = (1366, 900)
PHONE = (390, 844)


def make_driver(size=DESKTOP, mobile=False, profile_dir=None, lang='en-US'):
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic',
                 '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync',
                 '--disable-dev-shm-usage', '--lang=%s' % lang,
                 '--window-size=%d,%d' % size):
        opts.add_argument(flag)
    # the browser's own words (a file input's "Choose File") follow its language
    opts.add_experimental_option('prefs', {'intl.accept_languages': lang})
    if profile_dir:
        opts.add_argument('--user-data-dir=%s' % profile_dir)
    if mobile:
        opts.add_experimental_option('mobileEmulation', {
            'deviceMetrics': {'width': size[0], 'height': size[1], 'pixelRatio': 2.0},
            'userAgent': ('Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 '
                          '(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'),
        })
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    return driver


# The work order form shows the operation's worksheet with the pdf.js viewer
# Odoo 11 bundles: it asks for a locale file Odoo does not ship (404) and, when
# its tab is hidden while it renders, logs "offsetParent is not set -- cannot
# scroll". Both are Odoo's; a message from our code is never in this folder.
ODOO_PDFJS = '/web/static/lib/pdfjs/'


def console_errors(driver, allow_odoo_pdfjs=False):
    """Console entries of level SEVERE (uncaught errors, console.error, failed loads)."""
    return [entry for entry in driver.get_log('browser') if entry['level'] == 'SEVERE'
            and not (allow_odoo_pdfjs and ODOO_PDFJS in entry['message'])]


def login(driver, base_url, db, login, password, backend=True):
    driver.get('%s/web/login?db=%s' % (base_url, db))
    wait = WebDriverWait(driver, 30)
    wait.until(EC.presence_of_element_located((By.NAME, 'login'))).send_keys(login)
    driver.find_element(By.NAME, 'password').send_keys(password)
    driver.find_element(By.CSS_SELECTOR, 'form.oe_login_form button[type=submit]').click()
    # operators (CI User only) land on their station, everyone else in the
    # backend; with ``backend``, operators then open the backend too
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.o_web_client, .o_ci_station'))
    if driver.find_elements(By.CSS_SELECTOR, '.o_ci_station'):
        if not backend:
            return
        driver.get('%s/web' % base_url)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.o_web_client')))
    # the user's home action (Discuss for admin) must be in place before a
    # test moves on: a URL opened while it still loads is a race between the
    # two actions, which the home action may win on a busy machine
    wait.until(lambda d: d.execute_script(HOME_ACTION_SHOWN))


HOME_ACTION_SHOWN = '''
    var content = document.querySelector('.o_main_content > .o_content');
    var loading = document.querySelector('.o_loading');
    return !!content && content.children.length > 0
        && (!loading || window.getComputedStyle(loading).display === 'none');
'''


# What may stay in Latin letters on a Chinese screen: codes (work centers,
# products, versions: PRS-01, CB-210, v2, Ø25), units and the SPC / quality
# vocabulary a Chinese shop floor reads as is. Anything else is English left
# in the Chinese UI.
LATIN_ALLOWED = frozenset("""
    mm µm um m min h s t kg g pcs ppm d
    Odoo
    SPC KPI OEE PDCA SOP QR CNC UCL LCL CL USL LSL Cp Cpk Pp Ppk Welch
    X R S MR I p np c u n t z df g h CI
    PDF XLSX PNG
""".split())
# a run of Latin letters, digits and the marks codes use ("CB-210", "v2", "Welch's")
LATIN_TOKEN = __import__('re').compile(r"[A-Za-z0-9Ø][A-Za-z0-9Ø.\-/_'’]*")
LATIN_WORD = __import__('re').compile(r"[A-Za-z][A-Za-z'’]*")
CODE_TOKEN = __import__('re').compile(r"^[A-Za-zØ]*[-_/.]?\d[\w.\-/]*$|^[A-Z]{2,}-\w+$|^v\d+$")

# arguments[0]: a CSS selector to read the first match of only, else the whole page (null when
# nothing matches). web_responsive's app drawer, closed, stands off-screen at the left with its
# "Apps" title, which the addon does not translate: not text anyone sees.
VISIBLE_TEXT = '''
    var root = arguments[0] ? document.querySelector(arguments[0]) : document.body;
    if (!root) return null;
    var drawerClosed = !document.body.classList.contains('drawer-open');
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
        var el = node.parentElement;
        if (!el || !node.textContent.trim()) continue;
        if (el.closest('script,style,noscript,[aria-hidden="true"],.sr-only')) continue;
        if (drawerClosed && el.closest('.drawer-nav')) continue;
        var st = window.getComputedStyle(el);
        if (st.display === 'none' || st.visibility === 'hidden') continue;
        var r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        out.push(node.textContent);
    }
    var inputs = root.querySelectorAll('input[placeholder],textarea[placeholder],button,input[type=submit]');
    inputs.forEach(function (el) {
        var r = el.getBoundingClientRect();
        if (r.width && r.height && el.placeholder) out.push(el.placeholder);
        if (r.width && r.height && el.type === 'submit' && el.value) out.push(el.value);
    });
    return out;
'''


def unlisted_latin(texts, allowed=(), ignore=()):
    """Latin words of ``texts`` that are neither codes nor in LATIN_ALLOWED or
    ``allowed``; ``ignore`` is data cut out of the texts first (a login name
    typed by the test, the plant's records), white space folded, longest first."""
    allowed = LATIN_ALLOWED | set(allowed)
    ignore = sorted({' '.join(w.split()) for w in ignore if w and w.strip()}, key=len, reverse=True)
    found = set()
    for text in texts:
        text = ' '.join(text.split())
        for data in ignore:
            text = text.replace(data, ' ')
        for token in LATIN_TOKEN.findall(text):
            if CODE_TOKEN.match(token.strip('.-/_')):
                continue
            found.update(word for word in LATIN_WORD.findall(token) if word not in allowed)
    return sorted(found)


def latin_words(driver, allowed=(), ignore=(), scope=None):
    """unlisted_latin of the page's visible text and placeholders, or of the
    first element matching the CSS selector ``scope`` only."""
    texts = driver.execute_script(VISIBLE_TEXT, scope)
    assert texts is not None, "nothing on the page matches %s" % scope
    return unlisted_latin(texts, allowed, ignore)


def assert_clean(driver, lang, where='', allowed=(), ignore=(), scope=None, allow_odoo_pdfjs=False):
    """What every screen is held to: no console error and, in Chinese, no
    Latin word outside codes and the allowed (latin_words)."""
    errors = console_errors(driver, allow_odoo_pdfjs)
    assert not errors, (where, errors)
    if lang == 'zh_CN':
        words = latin_words(driver, allowed, ignore, scope)
        assert not words, (where, words)


@contextlib.contextmanager
def logged_in(base_url, db, user, password=None, size=DESKTOP, mobile=False, lang='en_US',
              profile_dir=None, backend=True):
    """A browser in ``lang`` (an Odoo code, zh_CN) logged in as ``user`` (the
    password defaults to the login), quit on leaving."""
    driver = make_driver(size, mobile=mobile, profile_dir=profile_dir, lang=lang.replace('_', '-'))
    try:
        login(driver, base_url, db, user, password or user, backend=backend)
        yield driver
    finally:
        driver.quit()
