/**
 * ECharts, tree-shaken: only the bar, line and pie charts and the grid, tooltip and legend
 * components, drawn on canvas. This module is its own chunk, loaded by the first chart shown.
 * Tooltips are drawn in the canvas (richText): HTML tooltips would need inline styles the CSP refuses.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartSpec } from './components/ui';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

const palette = ['#b4232a', '#1f6feb', '#2da44e', '#bf8700', '#8250df', '#0a7ea4', '#cf222e', '#57606a'];

export function drawChart(element: HTMLElement, spec: ChartSpec): () => void {
  const chart = echarts.init(element, undefined, { renderer: 'canvas' });
  const tooltip = { renderMode: 'richText' as const };
  if (spec.kind === 'pie') {
    chart.setOption({
      color: palette,
      tooltip: { ...tooltip, trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          top: 0,
          bottom: 28,
          label: { formatter: '{b}: {c}' },
          data: spec.categories.map((name, i) => ({ name, value: spec.series[0]?.values[i] ?? 0 })),
        },
      ],
    });
  } else {
    const category = { type: 'category' as const, data: spec.categories };
    const value = { type: 'value' as const, minInterval: 1 };
    chart.setOption({
      color: palette,
      tooltip: { ...tooltip, trigger: 'axis' },
      legend: spec.series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? { ...category, inverse: true } : value,
      series: spec.series.map((series) => ({
        type: spec.kind,
        name: series.name,
        data: series.values,
        smooth: spec.kind === 'line',
      })),
    });
  }
  const resize = () => chart.resize();
  const observer = new ResizeObserver(resize);
  observer.observe(element);
  return () => {
    observer.disconnect();
    chart.dispose();
  };
}
