odoo.define('ci_spc.field_spc_value', function (require) {
"use strict";
/**
 * A measured value, a limit or a center line at the decimals of its
 * characteristic: a float field shown with as many decimals as the record's
 * `decimals` field says (0-6), e.g. 25.002 rather than 25.002000. The field
 * stays a float: lists sort and filter on it as before.
 *
 *     <field name="decimals" invisible="1"/>
 *     <field name="value" widget="spc_value"/>
 *
 * options: decimals_field (default 'decimals').
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var FieldSpcValue = basicFields.FieldFloat.extend({
    /**
     * @override
     */
    _formatValue: function (value) {
        var decimals = this.recordData[this.nodeOptions.decimals_field || 'decimals'];
        if (typeof decimals === 'number' && decimals >= 0 && decimals <= 6) {
            this.nodeOptions.digits = [16, Math.floor(decimals)];
        }
        return this._super.apply(this, arguments);
    },
});

fieldRegistry.add('spc_value', FieldSpcValue);

return FieldSpcValue;
});
