// A stand-in 2D canvas for the painters' unit tests (Node has no canvas): records every call,
// with the transform in force, so tests can count what was drawn and where.

export interface Call {
  name: string;
  args: number[];
  /** The fill style when the call was made. */
  style: string;
  /** The text a fillText drew. */
  text?: string;
}

export class FakeContext {
  calls: Call[] = [];
  fillStyle: unknown = '#000';
  strokeStyle: unknown = '#000';
  globalAlpha = 1;
  font = '';
  textBaseline = '';
  lineWidth = 1;
  lineCap = '';
  lineJoin = '';
  readonly canvas: { width: number; height: number; getContext: () => FakeContext };

  constructor(width: number, height: number) {
    this.canvas = { width, height, getContext: () => this };
  }

  private record(name: string, args: unknown[]): void {
    this.calls.push({
      name,
      args: args.filter((arg): arg is number => typeof arg === 'number'),
      style: String(this.fillStyle),
      ...(typeof args[0] === 'string' ? { text: args[0] } : {}),
    });
  }

  setTransform(...args: number[]): void {
    this.record('setTransform', args);
  }
  clearRect(...args: number[]): void {
    this.record('clearRect', args);
  }
  fillRect(...args: number[]): void {
    this.record('fillRect', args);
  }
  drawImage(...args: unknown[]): void {
    this.record('drawImage', args);
  }
  fillText(...args: unknown[]): void {
    this.record('fillText', args);
  }
  measureText(text: string): { width: number } {
    return { width: text.length * 8 };
  }
  beginPath(): void {}
  moveTo(): void {}
  lineTo(): void {}
  stroke(): void {
    this.record('stroke', []);
  }
  closePath(): void {}
  setLineDash(): void {}
  fill(): void {
    this.record('fill', []);
  }

  count(name: string): number {
    return this.calls.filter((call) => call.name === name).length;
  }

  reset(): void {
    this.calls = [];
  }
}

export function asContext(ctx: FakeContext): CanvasRenderingContext2D {
  return ctx as unknown as CanvasRenderingContext2D;
}
