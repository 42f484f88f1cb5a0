odoo.define('ci_process.cockpit', function (require) {
"use strict";
/**
 * The cockpit: the engineers' and managers' home of the Continuous
 * Improvement app. One RPC (ci.cockpit.cockpit_data) brings every tile; a
 * tile opens its list (the window action the server built for it).
 * ci_spc adds its tile on the server: the tiles are rendered generically.
 */
var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;

var now = function () {
    return window.performance && window.performance.now ? window.performance.now() : Date.now();
};

var Cockpit = Widget.extend(ControlPanelMixin, {
    template: 'ci_process.Cockpit',
    events: {
        'click .o_ci_tile': '_onTileClick',
        'keydown .o_ci_tile': '_onTileKey',
    },

    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.actionManager = parent;
        this.action = action || {};
        this.data = {tiles: []};
        this.timing = {};
    },

    willStart: function () {
        var self = this;
        this.t0 = now();
        var load = this._rpc({model: 'ci.cockpit', method: 'cockpit_data', args: [],
                              kwargs: {context: session.user_context}})
            .then(function (data) {
                self.data = data;
                self.timing.rpc_ms = now() - self.t0;
            });
        return $.when(this._super.apply(this, arguments), load);
    },

    start: function () {
        this._renderTiles();
        this._updateControlPanel();
        return this._super.apply(this, arguments);
    },

    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
    },

    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.actionManager.get_breadcrumbs(),
            cp_content: {},
        }, {clear: true});
    },

    _renderTiles: function () {
        this.$('.o_ci_cockpit_tiles').html(QWeb.render('ci_process.CockpitTiles', {data: this.data}));
        this.timing.total_ms = now() - this.t0;
        // what the browser test reads: the RPC and the render, in ms
        this.$el.attr('data-rpc-ms', Math.round(this.timing.rpc_ms));
        this.$el.attr('data-total-ms', Math.round(this.timing.total_ms));
    },

    _tile: function (key) {
        return _.findWhere(this.data.tiles, {key: key});
    },

    _onTileClick: function (ev) {
        ev.preventDefault();
        var tile = this._tile($(ev.currentTarget).data('key'));
        if (tile && tile.action) {
            this.do_action(tile.action);
        }
    },

    _onTileKey: function (ev) {
        if (ev.which === 13 || ev.which === 32) {
            this._onTileClick(ev);
        }
    },
});

core.action_registry.add('ci_process.cockpit', Cockpit);

return Cockpit;
});
