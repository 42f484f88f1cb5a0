#!/usr/bin/env bash
# System packages and node tools the suite needs; skips what is there.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need=()
[ -x "$PG_BIN/initdb" ] || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
# CJK glyphs for the Chinese UI in screenshots and PDF reports
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
command -v npm >/dev/null || need+=(nodejs npm)
# PDF reports (QR labels); pdftoppm reads them back in the tests
command -v wkhtmltopdf >/dev/null || need+=(wkhtmltopdf)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
# the reverse proxy of the production recipe, tried by make test-deploy
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v python3.11 >/dev/null || need+=(python3.11 python3.11-venv)
if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages (${need[*]}); run as root or install them"
    log "installing Debian packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# lessc from npm: Debian's node-less cannot find its modules under this
# machine's Node.js, and Odoo 11 then serves a "Style error" page.
want="$(hash_files "$ROOT/tools/package.json" "$ROOT/tools/package-lock.json")"
if ! [ -x "$ROOT/tools/node_modules/.bin/lessc" ] || ! stamp_ok npm "$want"; then
    log "installing node tools (lessc)"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund --silent)
    stamp_set npm "$want"
fi
