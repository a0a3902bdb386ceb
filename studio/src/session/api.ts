import { problemText, refreshSession, sessionExpired } from './session';

/** The workflow API (Elsa Studio's `remote-endpoint`), on this origin. */
export const workflowApiBase = '/elsa/api';

/** The browser's fetch, taken before Studio's observer wraps it: the shell handles its own 401s below. */
const nativeFetch = window.fetch.bind(window);

/** A failed call: the HTTP status and the server's ProblemDetails text. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A same-origin call riding on the session cookie. A 401 refreshes the session once and repeats the call; when that
 * fails too the session is over and the router goes to the login page.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () =>
    nativeFetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    });
  let response = await send();
  if (response.status === 401) {
    if (await refreshSession(true)) response = await send();
    if (response.status === 401) {
      sessionExpired();
      throw new ApiError(401, 'Your session ended: sign in again.');
    }
  }
  if (!response.ok) throw new ApiError(response.status, await problemText(response, `The server answered ${response.status}.`));
  return response;
}

/** GET (or another method) and parse the JSON answer. */
export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await apiFetch(path, init)).json()) as T;
}

/** A definition as the designer header needs it (`GET /workflow-definitions/by-definition-id/{id}`). */
export interface DefinitionSummary {
  id: string;
  definitionId: string;
  name: string | null;
  version: number;
  isLatest: boolean;
  isPublished: boolean;
}

/** Status of an instance (`GET /workflow-instances/{id}/execution-state`). */
export interface ExecutionState {
  status: 'Running' | 'Finished' | string;
  workflowSubStatus: 'Pending' | 'Executing' | 'Suspended' | 'Finished' | 'Cancelled' | 'Faulted' | 'Interrupted' | string;
  updatedAt: string;
}

/** The latest version of a definition. */
export function getLatestDefinition(definitionId: string): Promise<DefinitionSummary> {
  return apiJson<DefinitionSummary>(`${workflowApiBase}/workflow-definitions/by-definition-id/${encodeURIComponent(definitionId)}?versionOptions=Latest`);
}

/** Runs the latest version now; the server answers when the run finished or waits, with the instance id in a header. */
export async function executeDefinition(definitionId: string): Promise<string> {
  const response = await apiFetch(`${workflowApiBase}/workflow-definitions/${encodeURIComponent(definitionId)}/execute`, {
    method: 'POST',
    body: JSON.stringify({ versionOptions: 'Latest' }),
  });
  if (response.headers.get('x-elsa-workflow-cannot-start') === 'true') throw new ApiError(409, 'The workflow cannot start.');
  const instanceId = response.headers.get('x-elsa-workflow-instance-id');
  if (!instanceId) throw new ApiError(response.status, 'The server did not say which instance it started.');
  return instanceId;
}

/** The live status of an instance. */
export function getExecutionState(instanceId: string): Promise<ExecutionState> {
  return apiJson<ExecutionState>(`${workflowApiBase}/workflow-instances/${encodeURIComponent(instanceId)}/execution-state`);
}

/** Instance name and definition, for the viewer's header. */
export interface InstanceSummary {
  id: string;
  definitionId: string;
  name: string | null;
  version: number;
  status: string;
  subStatus: string;
  incidentCount: number;
  createdAt: string;
  finishedAt: string | null;
}

export function getInstance(instanceId: string): Promise<InstanceSummary> {
  return apiJson<InstanceSummary>(`${workflowApiBase}/workflow-instances/${encodeURIComponent(instanceId)}`);
}
