import { describe, expect, it } from 'vitest';
import { parsePythonRecord } from '../../../src/core/python-trace';

describe('parsePythonRecord', () => {
  it('reads each kind of tracer record', () => {
    expect(parsePythonRecord('{"k":"os","task":0,"tid":42,"t":1.5,"pid":7}')).toEqual({
      k: 'os',
      task: 0,
      tid: 42,
      t: 1.5,
      pid: 7,
    });
    expect(
      parsePythonRecord(
        '{"k":"state","task":1,"state":"failed","detail":"ValueError: x (line 4 of a.py)","t":2,"pid":7}',
      ),
    ).toEqual({
      k: 'state',
      task: 1,
      state: 'failed',
      detail: 'ValueError: x (line 4 of a.py)',
      t: 2,
      pid: 7,
    });
    expect(parsePythonRecord('{"k":"print","task":-1,"text":"done","more":false,"t":3,"pid":7}')).toMatchObject({
      task: -1,
      text: 'done',
      more: false,
    });
  });

  it('keeps a state marked inferred, and only a true mark', () => {
    const line = (inferred: string) =>
      `{"k":"state","task":0,"state":"waiting","detail":"waited 2.0 ms for the GIL","inferred":${inferred},"t":2,"pid":7}`;
    expect(parsePythonRecord(line('true'))).toMatchObject({ state: 'waiting', inferred: true });
    expect(parsePythonRecord(line('"yes"'))).not.toHaveProperty('inferred');
    expect(parsePythonRecord(line('false'))).not.toHaveProperty('inferred');
  });

  it('reads how a task ended: by the program, or as its parent saw it', () => {
    expect(parsePythonRecord('{"k":"ended","task":2,"by":"Process.kill()","signal":"SIGKILL","t":4,"pid":7}')).toEqual({
      k: 'ended',
      task: 2,
      by: 'Process.kill()',
      signal: 'SIGKILL',
      t: 4,
      pid: 7,
    });
    expect(parsePythonRecord('{"k":"ended","task":0,"by":"Python at exit","t":4,"pid":7}')).toEqual({
      k: 'ended',
      task: 0,
      by: 'Python at exit',
      t: 4,
      pid: 7,
    });
    expect(parsePythonRecord('{"k":"exit","task":1,"code":3,"t":5,"pid":7}')).toEqual({
      k: 'exit',
      task: 1,
      code: 3,
      signal: null,
      t: 5,
      pid: 7,
    });
    expect(parsePythonRecord('{"k":"exit","task":1,"signal":64,"t":5,"pid":7}')).toMatchObject({
      code: null,
      signal: 64,
    });
  });

  it.each([
    'not json',
    '{"k":"ended","task":1,"by":7,"t":1,"pid":7}',
    `{"k":"ended","task":1,"by":"${'x'.repeat(201)}","t":1,"pid":7}`,
    '{"k":"ended","task":1,"by":"x","signal":"rm -rf","t":1,"pid":7}',
    '{"k":"exit","task":1,"t":1,"pid":7}',
    '{"k":"exit","task":1,"code":0,"signal":"SIGTERM","t":1,"pid":7}',
    '{"k":"exit","task":1,"signal":-9,"t":1,"pid":7}',
    '[]',
    '{"k":"print","task":-2,"text":"x","t":1,"pid":7}',
    '{"k":"state","task":0,"state":"flying","t":1,"pid":7}',
    '{"k":"os","task":0.5,"tid":1,"t":1,"pid":7}',
    '{"k":"print","task":0,"text":"x","t":"soon","pid":7}',
    '{"k":"exec","cmd":"rm -rf /","t":1,"pid":7}',
    `{"k":"print","task":0,"text":"${'x'.repeat(9000)}","t":1,"pid":7}`,
  ])('refuses %s', (line) => {
    expect(parsePythonRecord(line)).toBeNull();
  });
});
