#!/usr/bin/env bash
# Regenerates each addon's i18n/<addon>.pot and i18n/zh_CN.po from the code,
# keeping the translations already in zh_CN.po (they are loaded first).
# Demo data is installed too: its records are shown to users in Chinese.
# Untranslated entries then have an empty msgstr: fill them in, and the
# i18n test (tests/test_i18n.py) checks none is left empty.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${I18N_DB:-ci_i18n_main}"
"$ROOT/scripts/pg.sh" start
"$ROOT/scripts/db.sh" ensure "$DB" --fresh
for addon in ci_process ci_spc ci_incentive; do
    dir="$ROOT/addons/$addon/i18n"; mkdir -p "$dir"
    # Odoo 11 writes a template when given a .po name and no language
    tmp="$(mktemp --suffix=.po)"
    "$ROOT/scripts/odoo.sh" -d "$DB" --modules="$addon" --i18n-export="$tmp" \
        --stop-after-init --log-level=warn
    mv "$tmp" "$dir/$addon.pot"; chmod 644 "$dir/$addon.pot"
    "$ROOT/scripts/odoo.sh" -d "$DB" --modules="$addon" --language=zh_CN \
        --i18n-export="$dir/zh_CN.po" --stop-after-init --log-level=warn
    log "$addon: $(grep -c '^msgid ' "$dir/zh_CN.po") entries, $(grep -c '^msgstr ""$' "$dir/zh_CN.po") without translation (incl. header)"
done
psql -q -d postgres -c "drop database if exists \"$DB\""
