// The manager's view of every department's queue at this moment: open, claimed and overdue tasks,
// counted from the live queues (GET /api/queues/{department}?view=all, every page).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, ApiError, errorSentence } from '../api.ts';
import { Notice } from '../components/layout.ts';
import { useNow } from '../format.ts';
import { departmentName, t } from '../i18n.ts';
import type { Task } from '../console/issue-data.ts';
import { queueDepartments, type QueueDepartment } from '../console/session.ts';

async function allTasksOf(department: QueueDepartment): Promise<Task[]> {
  const tasks: Task[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ view: 'all', ...(nextToken ? { nextToken } : {}) });
    const response = await api<{ tasks: Task[]; nextToken?: string }>('GET', `/api/queues/${department}?${query}`, { auth: true });
    tasks.push(...response.body.tasks);
    nextToken = response.body.nextToken;
  } while (nextToken);
  return tasks;
}

export function DepartmentOverview({ version, onUnauthorized }: { version: number; onUnauthorized: () => void }) {
  const [queues, setQueues] = useState<Partial<Record<QueueDepartment, Task[]>>>({});
  const [error, setError] = useState<string>();
  const now = useNow();

  useEffect(() => {
    let current = true;
    const load = () =>
      Promise.all(queueDepartments.map(async (department) => [department, await allTasksOf(department)] as const)).then(
        (entries) => {
          if (!current) return;
          setQueues(Object.fromEntries(entries));
          setError(undefined);
        },
        (failure: unknown) => {
          if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
          if (current) setError(errorSentence(failure));
        },
      );
    void load();
    const timer = setInterval(load, 30_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [version]);

  return html`<section class="panel overview" aria-labelledby="overview-title">
    <h2 id="overview-title">${t('deptOverview')}</h2>
    <p class="hint">${t('deptOverviewIntro')}</p>
    ${error ? html`<${Notice} kind="error">${error}</${Notice}>` : null}
    <table class="counts">
      <thead>
        <tr><th scope="col">${t('queue')}</th><th scope="col" class="number">${t('openCount')}</th><th scope="col" class="number">${t('claimedCount')}</th><th scope="col" class="number">${t('overdueCount')}</th></tr>
      </thead>
      <tbody>
        ${queueDepartments.map((department) => {
          const tasks = queues[department];
          const count = (match: (task: Task) => boolean) => (tasks ? String(tasks.filter(match).length) : '…');
          const overdue = tasks ? tasks.filter((task) => Date.parse(task.dueAt) < now).length : 0;
          return html`<tr>
            <th scope="row"><span class=${`dept dept-${department}`}>${departmentName(department)}</span></th>
            <td class="number">${count((task) => task.status === 'open')}</td>
            <td class="number">${count((task) => task.status === 'claimed')}</td>
            <td class=${`number ${overdue > 0 ? 'overdue' : ''}`}>${tasks ? overdue : '…'}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}
