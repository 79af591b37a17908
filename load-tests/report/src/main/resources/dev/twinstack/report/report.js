// Draws every chart from the options the renderer wrote into #charts; the unit of each chart goes beside every
// tooltip value, because a number without its unit means nothing.
(function () {
  var options = JSON.parse(document.getElementById('charts').textContent);
  var drawn = [];
  Object.keys(options).forEach(function (id) {
    var el = document.getElementById(id);
    var option = options[id];
    var unit = option.unit;
    option.tooltip = option.tooltip || {};
    option.tooltip.valueFormatter = function (value) {
      if (value === null || value === undefined || value === '-') {
        return 'no data';
      }
      var n = Array.isArray(value) ? value[value.length - 1] : value;
      return (typeof n === 'number' ? n.toLocaleString('en-US', { maximumFractionDigits: 1 }) : n) + ' ' + unit;
    };
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    el.setAttribute('data-rendered', 'true');
    drawn.push(chart);
  });
  var resize = function () { drawn.forEach(function (c) { c.resize(); }); };
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
})();
