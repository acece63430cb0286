import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

/** A chart that follows its container's size. `label` is its accessible name. */
export function EChart({ option, height = 320, label, onClick, testId }: {
  option: echarts.EChartsCoreOption; height?: number; label: string;
  /** a click on a data item (its `data` entry) */
  onClick?: (data: unknown) => void; testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const h = (p: { data?: unknown }) => click.current?.(p.data);
    c.on('click', h);
    return () => { c.off('click', h); };
  }, []);
  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
