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

  it.each([
    'not json',
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
