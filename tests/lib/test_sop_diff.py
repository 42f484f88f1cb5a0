# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.sop_diff without a database."""
from odoo.addons.ci_process.lib import sop_diff


def test_html_to_lines_splits_blocks_and_cells():
    html = '<h2>Setup</h2><ul><li>Gloves&nbsp;on</li><li>Tool <b>T12</b></li></ul>' \
           '<table><tr><td>Torque</td><td>12 Nm</td></tr></table>line<br/>next'
    assert sop_diff.html_to_lines(html) == ['Setup', 'Gloves on', 'Tool T12', 'Torque | 12 Nm |',
                                           'line', 'next']


def test_rows_equal_changed_removed_added():
    rows = sop_diff.diff_rows(['a', 'press twice', 'c', 'd'], ['a', 'press once', 'c', 'e', 'f'])
    assert [r[0] for r in rows] == ['equal', 'changed', 'equal', 'changed', 'added']
    _kind, old, new = rows[1]
    assert 'line-through;">twice</span>' in old and '#d4edda;">once</span>' in new
    assert 'press' in old and 'press' in new and 'span' not in old.split('twice')[0].split('press')[0]


def test_removed_line_and_escaping():
    rows = sop_diff.diff_rows(['keep', '<script>x</script>'], ['keep'])
    assert rows[1][0] == 'removed'
    assert '&lt;script&gt;' in rows[1][1] and '<script>' not in rows[1][1]


def test_summary_counts():
    old = '<p>one</p><p>two</p><p>three</p>'
    new = '<p>one</p><p>2</p><p>three</p><p>four</p>'
    assert sop_diff.summary(old, new) == {'changed': 1, 'removed': 0, 'added': 1}
    assert sop_diff.summary(old, old) == {'changed': 0, 'removed': 0, 'added': 0}


def test_table_has_titles_and_rows():
    table = sop_diff.diff_table('<p>a</p>', '<p>b</p>', 'v1 <old>', 'v2')
    assert table.startswith('<table') and 'v1 &lt;old&gt;' in table
    assert table.count('<tr') == 2


def test_removed_lines_deleted_steps_in_order():
    old = '<ol><li>Check the label.</li><li>Wrap each unit in foam.</li><li>Place four units.</li>' \
          '<li>Tape the carton.</li></ol>'
    new = '<ol><li>Check the label.</li><li>Place four units.</li></ol>'
    assert sop_diff.removed_lines(old, new) == ['Wrap each unit in foam.', 'Tape the carton.']
    assert sop_diff.removed_lines(old, old) == []
    assert sop_diff.removed_lines('', new) == []
    assert sop_diff.removed_lines(old, '') == sop_diff.html_to_lines(old)


def test_removed_lines_pairs_a_replaced_block_by_likeness():
    """A step dropped next to a reworded one is named, not the reworded one
    (the compare view pairs them by position)."""
    old = ['a', 'Deburr the edge with the hand file', 'Torque the bolt to 12 Nm', 'z']
    new = ['a', 'Torque the bolt to 14 Nm', 'z']
    assert sop_diff.removed_lines('<br/>'.join(old), '<br/>'.join(new)) == ['Deburr the edge with the hand file']


def test_removed_lines_moved_or_reworded_steps_are_not_removed():
    old = '<p>one two three</p><p>alpha beta</p><p>four five six</p>'
    moved = '<p>alpha beta</p><p>one two three</p><p>four five six</p>'
    reworded = '<p>one two three four</p><p>alpha beta</p><p>four five six</p>'
    assert sop_diff.removed_lines(old, moved) == []
    assert sop_diff.removed_lines(old, reworded) == []
    # a step replaced by something unlike it is removed
    assert sop_diff.removed_lines(old, '<p>one two three</p><p>gamma delta</p><p>four five six</p>') \
        == ['alpha beta']


def test_removed_lines_in_chinese():
    """Chinese steps are compared character by character: reworded is kept, replaced is removed."""
    old = '<ol><li>核对产品标签与工单一致。</li><li>每件产品用泡沫包裹。</li><li>每箱放四件。</li></ol>'
    reworded = '<ol><li>核对产品标签与工单是否一致。</li><li>每件产品用泡沫包裹。</li><li>每箱放四件。</li></ol>'
    replaced = '<ol><li>核对产品标签与工单一致。</li><li>用纸填充空隙，不用胶带。</li><li>每箱放四件。</li></ol>'
    assert sop_diff.removed_lines(old, reworded) == []
    assert sop_diff.removed_lines(old, replaced) == ['每件产品用泡沫包裹。']
