// One issue's path through its flow as the manager's map draws it: each visit of a step (a task),
// in the department that held it, with how long it took or, while it is active, how long it has
// taken so far. A step opened twice (a reroute, a question) is two visits.
import type { IssueEvent } from '#shared/domain/events.ts';
import { isActive, type Task } from '#shared/domain/task.ts';

export interface PathVisit {
  taskId: string;
  step: string;
  department: string;
  openedAt: string;
  /** When the task was completed, expired or cancelled; absent while it is active. */
  endedAt?: string;
  /** Open to end, or open to now while active. */
  seconds: number;
  /** The issue is at this step now. */
  current: boolean;
}

/** Events that end a task: its completion, its SLA running out, the flow cancelling it. */
const endings = new Set(['task_completed', 'sla_breached', 'task_cancelled', 'task_closed_by_repair']);

export function pathVisits(tasks: Array<Pick<Task, 'taskId' | 'step' | 'department' | 'status' | 'createdAt'>>, events: IssueEvent[], now: string): PathVisit[] {
  const endedAt = new Map<string, string>();
  for (const event of events) {
    const taskId = event.data.taskId;
    if (endings.has(event.type) && typeof taskId === 'string' && !endedAt.has(taskId)) endedAt.set(taskId, event.at);
  }
  return [...tasks]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((task) => {
      const current = isActive(task.status);
      const end = current ? undefined : endedAt.get(task.taskId);
      const seconds = Math.max(0, Math.round((Date.parse(end ?? now) - Date.parse(task.createdAt)) / 1000));
      return { taskId: task.taskId, step: task.step, department: task.department, openedAt: task.createdAt, ...(end ? { endedAt: end } : {}), seconds, current };
    });
}
