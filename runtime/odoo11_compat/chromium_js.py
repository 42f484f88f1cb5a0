"""Odoo 11's browser test runner on headless Chromium instead of PhantomJS.

Not a Python-version issue but a dead tool: ``HttpCase.phantom_js`` (QUnit
suites, JS tours) spawns ``phantomjs``, abandoned in 2018 and impossible to
install here (no Debian or PyPI package; the npm one downloads a binary at
install time), so Odoo's JS tests skip themselves. Odoo 12 replaced PhantomJS
with headless Chrome; this does the same for 11, keeping ``phantomtest.js``'s
protocol exactly:

* the test's session cookie is set, ``url_path`` is opened, ``localStorage``
  cleared;
* ``ready`` is evaluated every 250 ms until truthy, then ``code`` is run;
* the test passes when the page logs ``ok`` and fails when it logs a line
  starting with ``error``, on an uncaught exception or ``alert()``, or on
  timeout; other console lines go to the test log.

Chromium is Debian's (``/usr/bin/chromium``, driven through Debian's
``chromedriver`` by Selenium), started headless with a throw-away profile.
"""
import json
import logging
import os
import re
import tempfile
import time
import unittest

_logger = logging.getLogger('odoo.tests.chromium')

CHROMIUM = os.environ.get('CHROMIUM_BIN', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('CHROMEDRIVER_BIN', '/usr/bin/chromedriver')
# "<source> <line>:<col> <JSON value> <JSON value>..." as chromedriver reports console calls
_CONSOLE = re.compile(r'^\S+ (?:\d+:\d+ )?(?P<args>.*)$', re.S)


def _console_args(message):
    """The arguments of a console call, as strings."""
    m = _CONSOLE.match(message)
    text = m.group('args') if m else message
    decoder, args, pos = json.JSONDecoder(), [], 0
    while pos < len(text):
        try:
            value, end = decoder.raw_decode(text, pos)
        except ValueError:
            args.append(text[pos:].strip())
            break
        args.append(value if isinstance(value, str) else json.dumps(value))
        pos = end
        while pos < len(text) and text[pos] == ' ':
            pos += 1
    return args


def _make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic',
                 '--no-first-run', '--disable-background-networking',
                 '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
                 '--window-size=1366,768',
                 '--user-data-dir=%s' % tempfile.mkdtemp(prefix='odoo-chromium-')):
        opts.add_argument(flag)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def chromium_run(self, cmd, timeout):
    """Replacement of ``HttpCase.phantom_run``; ``cmd[-1]`` is phantomtest.js's options."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        raise unittest.SkipTest("Chromium not found (%s, %s)" % (CHROMIUM, CHROMEDRIVER))
    from selenium.common.exceptions import UnexpectedAlertPresentException
    options = json.loads(cmd[-1])
    origin = 'http://127.0.0.1:%s' % options['port']
    url = origin + options['url_path']
    code = options.get('code') or 'true'
    ready = options.get('ready') or 'true'
    _logger.info('chromium_run: %s', url)
    driver = _make_driver()
    try:
        driver.set_page_load_timeout(timeout)
        driver.execute_cdp_cmd('Network.enable', {})
        driver.execute_cdp_cmd('Network.setCookie', {
            'name': 'session_id', 'value': options['session_id'],
            'domain': '127.0.0.1', 'path': '/'})
        deadline = time.time() + timeout
        driver.get(url)
        driver.execute_script('localStorage.clear();')
        state = {'result': None, 'launched': False}

        def drain():
            for entry in driver.get_log('browser'):
                args = _console_args(entry['message'])
                line = ' '.join(args)
                lline = line.lower()
                if entry.get('source') == 'javascript' or (
                        entry['level'] == 'SEVERE' and entry.get('source') != 'console-api'):
                    # uncaught exception or failed resource: phantomtest's onError
                    if entry.get('source') == 'network':
                        _logger.warning('chromium: %s', entry['message'])
                        continue
                    self.fail('error %s' % entry['message'])
                if lline == 'ok':
                    state['result'] = True
                elif lline.startswith(('error', 'server application error')):
                    self.fail(line)
                elif lline.startswith('warning'):
                    _logger.warning(line)
                else:
                    _logger.info('chromium: %s', line)

        while state['result'] is None:
            self.assertLess(time.time(), deadline,
                            "Chromium tests should take less than %s seconds" % timeout)
            try:
                if not state['launched']:
                    ok = driver.execute_script(
                        'try { return !!eval(arguments[0]); } catch (e) { return false; }', ready)
                    if ok:
                        driver.execute_script('eval(arguments[0]);', code)
                        state['launched'] = True
                drain()
            except UnexpectedAlertPresentException as e:
                self.fail('error alert: %s' % e.alert_text)
            time.sleep(0.25)
        self.assertTrue(state['result'],
                        "Chromium test completed without reporting success")
    finally:
        driver.quit()
        self._wait_remaining_requests()


def patch(module):
    module.HttpCase.phantom_run = chromium_run
