import { describe, expect, it } from 'vitest';
import { LineChunks } from '../../../../src/renderer/lib/console/console-chunks';
import { ConsoleLog } from '../../../../src/renderer/lib/record/console-log';

describe('LineChunks', () => {
  it('groups the shown lines in blocks by line number, handing back unchanged blocks as they were', () => {
    const log = new ConsoleLog(100);
    for (let i = 0; i < 23; i++) log.push(0, i, String(i));
    const chunks = new LineChunks(10);
    const first = chunks.of(log.recent(20));
    expect(first.map((chunk) => [chunk.id, chunk.lines.length])).toEqual([
      [0, 7],
      [1, 10],
      [2, 3],
    ]);
    log.push(0, 23, '23');
    const second = chunks.of(log.recent(20));
    // The oldest block lost a line and the newest gained one; the middle one is the same object.
    expect(second[1]).toBe(first[1]);
    expect(second[0]).not.toBe(first[0]);
    expect(second[2]!.lines.map((line) => line.text)).toEqual(['20', '21', '22', '23']);
    expect(second.flatMap((chunk) => chunk.lines).map((line) => line.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 4),
    );
  });
});
