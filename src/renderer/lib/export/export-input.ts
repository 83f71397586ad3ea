// What the exports say about a run in words: its title (the lesson's, or what was run), a line
// of detail, the lesson's question for the title card and its caption for the end. Runs in the
// renderer; the export dialogs build the compositor's input here from the shown run.

import { findLesson } from '../../../core/lessons';
import type { RunModel } from '../record/run-model';
import type { LaneGroup } from '../timeline/lane-groups';
import { EXECUTOR_SHORT } from '../results/results-view';
import { formatSeconds } from '../format';
import type { CompositorInput, ExportCurves } from './compositor';

/** The page's type family (app.css --font), so pictures read like the page. */
export const EXPORT_FONT = "system-ui, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

export function exportInput(
  model: RunModel,
  groups: readonly LaneGroup[],
  measured: boolean,
  caption: string | null,
  curves: ExportCurves | null = null,
): CompositorInput {
  const spec = model.spec;
  const lesson = spec?.lesson ? findLesson(spec.lesson) : undefined;
  const tasks = spec ? `${spec.tasks} ${spec.tasks === 1 ? 'task' : 'tasks'}` : '';
  const what = spec ? `${spec.workload} · ${EXECUTOR_SHORT[spec.executor]} · ${tasks}` : 'no run';
  const wall = model.end ? ` · ${formatSeconds(model.end.t)}` : '';
  return {
    model,
    groups,
    measured,
    title: lesson?.title ?? (spec ? `${spec.workload} work, ${EXECUTOR_SHORT[spec.executor]}` : 'Lanes'),
    detail: `${lesson ? `Lesson “${lesson.id}” · ` : ''}${what}${wall}`,
    question: lesson?.question.replace(/\{cores\}/g, String(model.start?.cores ?? '')) ?? null,
    caption,
    fontFamily: EXPORT_FONT,
    curves,
  };
}
