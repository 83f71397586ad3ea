import { describe, expect, it } from 'vitest';
import { ConsoleLog } from '../../../../src/renderer/lib/record/console-log';

describe('ConsoleLog', () => {
  it('keeps every line, in order, with its task and time', () => {
    const log = new ConsoleLog(4);
    for (let i = 0; i < 10; i++) log.push(i % 3, i * 10, `line ${i}`);
    expect(log.length).toBe(10);
    expect(Array.from({ length: 10 }, (_, seq) => log.text(seq))).toEqual(
      Array.from({ length: 10 }, (_, i) => `line ${i}`),
    );
    expect(log.task(4)).toBe(1);
    expect(log.t(7)).toBe(70);
  });

  it('shows only the newest lines, as the same objects from frame to frame', () => {
    const log = new ConsoleLog(3);
    for (let i = 0; i < 5; i++) log.push(0, i, String(i));
    const first = log.recent();
    expect(first.map((line) => line.seq)).toEqual([2, 3, 4]);
    log.push(0, 5, '5');
    const second = log.recent();
    expect(second.map((line) => line.text)).toEqual(['3', '4', '5']);
    expect(second[0]).toBe(first[1]);
    expect(log.recent(2).map((line) => line.seq)).toEqual([4, 5]);
  });

  it('reads back old lines (past the kept objects) exactly, including non-ASCII text', () => {
    const log = new ConsoleLog(2);
    const texts = ['plain', 'café ☕', '', 'naïve — ok', 'x'.repeat(5_000), 'end'];
    texts.forEach((text, i) => log.push(0, i, text));
    expect(texts.map((_, seq) => log.text(seq))).toEqual(texts);
    expect(log.line(1)).toEqual({ seq: 1, task: 0, t: 1, text: 'café ☕' });
  });
});
