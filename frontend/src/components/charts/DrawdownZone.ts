import type {
  IChartApiBase,
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  Time,
} from "lightweight-charts";

type RenderTarget = Parameters<IPrimitivePaneRenderer["draw"]>[0];

/** Shades the time span between two dates (peak → trough of the maximum drawdown) behind the series. */
export class DrawdownZone implements ISeriesPrimitive<Time> {
  private chart: IChartApiBase<Time> | null = null;
  private span: { left: number; right: number } | null = null;
  private readonly views: readonly IPrimitivePaneView[];

  constructor(
    private readonly start: string,
    private readonly end: string,
    private readonly fill: string,
  ) {
    this.views = [{ zOrder: () => "bottom", renderer: () => this.renderer() }];
  }

  attached({ chart }: SeriesAttachedParameter<Time>): void {
    this.chart = chart;
  }

  detached(): void {
    this.chart = null;
  }

  updateAllViews(): void {
    const timeScale = this.chart?.timeScale();
    const left = timeScale?.timeToCoordinate(this.start);
    const right = timeScale?.timeToCoordinate(this.end);
    this.span = left != null && right != null ? { left, right } : null;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  private renderer(): IPrimitivePaneRenderer | null {
    const span = this.span;
    if (!span) return null;
    return {
      draw: (target: RenderTarget) =>
        target.useMediaCoordinateSpace(({ context, mediaSize }) => {
          context.fillStyle = this.fill;
          context.fillRect(span.left, 0, Math.max(span.right - span.left, 1), mediaSize.height);
        }),
    };
  }
}
