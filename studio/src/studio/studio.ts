import { refreshSession, sessionExpired } from '../session/session';
import { workflowApiBase } from '../session/api';

/**
 * Elsa Studio 3.8.2 (npm @elsa-workflows/elsa-studio-wasm) runs in this page: its files are served next to the shell
 * under <base href="/app/">, and Blazor registers the custom elements (elsa-workflow-definition-editor…) once it has
 * started. It starts when the first page that needs it asks (and right after sign-in, to be warm by then): the five
 * stylesheets, then the scripts in the order Studio needs them.
 */
const stylesheets = [
  '_content/MudBlazor/MudBlazor.min.css',
  '_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css',
  '_content/Radzen.Blazor/css/material-base.css',
  '_content/Elsa.Studio.Shell/css/shell.css',
  'Elsa.Studio.Host.CustomElements.styles.css',
];

const scripts = [
  '_content/BlazorMonaco/jsInterop.js',
  '_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js',
  '_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js',
  '_content/MudBlazor/MudBlazor.min.js',
  '_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js',
  '_content/Radzen.Blazor/Radzen.Blazor.js',
  '_framework/blazor.webassembly.js',
];

/** The custom elements this shell uses. */
export type StudioTag =
  | 'elsa-workflow-definition-editor'
  | 'elsa-workflow-definition-list'
  | 'elsa-workflow-instance-list'
  | 'elsa-workflow-instance-viewer';

let loading: Promise<void> | null = null;

/** Starts Studio once; resolves when its custom elements are defined. */
export function loadStudio(): Promise<void> {
  loading ??= start().catch(error => {
    loading = null;
    throw error;
  });
  return loading;
}

async function start(): Promise<void> {
  // Marks for measuring Studio's start (performance.getEntriesByType('mark'), read by the browser tests).
  performance.mark('ih:studio-start');
  observeWorkflowApi();
  quietHttpClientLogging();
  const head = document.head;
  const styles = stylesheets.map(href => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.dataset.studio = '';
    // Before the shell's own styles, so the shell wins where both style the same element.
    head.insertBefore(link, head.querySelector('link[rel=stylesheet], style'));
    return loaded(link);
  });
  const elements = scripts.map(src => {
    const script = document.createElement('script');
    script.src = src;
    script.async = false; // run in insertion order, download in parallel
    document.body.appendChild(script);
    return loaded(script);
  });
  await Promise.all([...styles, ...elements]);
  performance.mark('ih:studio-scripts-loaded');
  await customElements.whenDefined('elsa-workflow-definition-editor');
  performance.mark('ih:studio-ready');
}

function loaded(element: HTMLLinkElement | HTMLScriptElement): Promise<void> {
  return new Promise((resolve, reject) => {
    element.addEventListener('load', () => resolve(), { once: true });
    element.addEventListener('error', () => reject(new Error(`Elsa Studio could not load ${element instanceof HTMLScriptElement ? element.src : element.href}.`)), { once: true });
  });
}

/**
 * Creates a Studio element in <paramref>container</paramref>, unless the page went away meanwhile (then null):
 * attributes first (remote-endpoint: this origin's API; authentication rides on the session cookie, so no token is
 * passed), connected, then the JS callbacks, which Studio accepts only once the element exists (set earlier, its
 * constructor wipes them). Creations and removals take turns (see unmountStudioElement).
 */
export async function mountStudioElement(
  container: HTMLElement,
  tag: StudioTag,
  attributes: Record<string, string>,
  callbacks: Record<string, (value: string) => void>,
  cancelled: () => boolean,
): Promise<HTMLElement | null> {
  await loadStudio();
  await customElements.whenDefined(tag);
  return inTurn(async () => {
    if (cancelled() || !container.isConnected) return null;
    const element = document.createElement(tag);
    element.setAttribute('remote-endpoint', new URL(workflowApiBase, window.location.origin).toString());
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    container.replaceChildren(element);
    for (const [name, callback] of Object.entries(callbacks)) (element as unknown as Record<string, unknown>)[name] = callback;
    return element;
  });
}

let turns: Promise<unknown> = Promise.resolve();

/** Runs creations and disposals of Studio elements one after the other, in the order they were asked for. */
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const result = turns.then(work, work);
  turns = result.catch(() => undefined);
  return result;
}

/** The parts of Blazor's custom element (Microsoft.AspNetCore.Components.CustomElements, as shipped in 3.8.2) used here. */
interface BlazorCustomElement extends HTMLElement {
  _addRootComponentPromise?: Promise<{ dispose(): unknown }>;
  _disposalTimeoutHandle?: number;
  _isDisposed?: boolean;
}

/**
 * Removes a Studio element. Only one may live at a time: each brings a MudBlazor popover provider, and a second one
 * crashes ("There is already a subscriber to the content with the given section ID"). Blazor disposes a removed
 * element only a second later, and an element removed in the middle of its first render fails in its JS calls. So
 * the element is parked, hidden but still connected, until its rendering has settled, then disposed at once; the
 * next element waits for that.
 */
export function unmountStudioElement(element: Element): void {
  parking().appendChild(element); // a move: Blazor keeps the component (connectedCallback cancels the disposal)
  void inTurn(() => retire(element as BlazorCustomElement));
}

function parking(): HTMLElement {
  let lot = document.getElementById('studio-parking');
  if (!lot) {
    lot = document.createElement('div');
    lot.id = 'studio-parking';
    lot.hidden = true;
    lot.setAttribute('aria-hidden', 'true');
    document.body.appendChild(lot);
  }
  return lot;
}

async function retire(element: BlazorCustomElement): Promise<void> {
  await settled(element);
  element.remove();
  try {
    if (element._addRootComponentPromise && !element._isDisposed) {
      window.clearTimeout(element._disposalTimeoutHandle);
      element._isDisposed = true;
      await (await element._addRootComponentPromise).dispose();
    } else {
      await new Promise(resolve => setTimeout(resolve, 1200)); // Blazor's own disposal, a second after removal
    }
  } catch {
    // disposal errors are Blazor's business; the next element may go ahead
  }
}

/** Resolves once the element has content and has not changed for 200 ms (at most after 5 s). */
function settled(element: Element): Promise<void> {
  return new Promise(resolve => {
    let quiet: number | undefined;
    const done = () => {
      observer.disconnect();
      window.clearTimeout(quiet);
      window.clearTimeout(limit);
      resolve();
    };
    const restart = () => {
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => (element.childNodes.length > 0 ? done() : restart()), 200);
    };
    const observer = new MutationObserver(restart);
    observer.observe(element, { childList: true, subtree: true, attributes: true });
    const limit = window.setTimeout(done, 5000);
    restart();
  });
}

/** A definition Studio saved (auto-save, save, publish, create): `{workflowDefinition}` of `POST /workflow-definitions`. */
export interface SavedDefinition {
  definitionId: string;
  name: string | null;
  version: number;
  isPublished: boolean;
  isLatest: boolean;
}

/** What the shell learns from Studio's own calls to the workflow API. */
export const studioEvents = new EventTarget();
export const definitionSaved = 'definition-saved';
export const workflowStarted = 'workflow-started';

let observing = false;

/**
 * Studio calls the API with fetch from this page. The shell wraps fetch for /elsa/api calls only: a 401 (the access
 * cookie ran out, e.g. after the machine slept) refreshes the session once and repeats the call — Studio would
 * otherwise show an error; and saves and runs are announced so the header shows the name, publish state and the
 * started instance without asking the server again.
 */
function observeWorkflowApi(): void {
  if (observing) return;
  observing = true;
  const original = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(workflowApiBase + '/')) return original(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const repeatable = !(input instanceof Request) && !(init?.body instanceof ReadableStream);

    let response = await original(input, init);
    if (response.status === 401 && repeatable) {
      if (await refreshSession(true)) response = await original(input, init);
      if (response.status === 401) sessionExpired();
    }
    if (response.ok && method === 'POST') announce(url.pathname.substring(workflowApiBase.length), response);
    return response;
  };
}

function announce(path: string, response: Response): void {
  if (path === '/workflow-definitions') {
    response
      .clone()
      .json()
      .then((body: { workflowDefinition?: SavedDefinition }) => {
        if (body.workflowDefinition) studioEvents.dispatchEvent(new CustomEvent(definitionSaved, { detail: body.workflowDefinition }));
      })
      .catch(() => undefined);
  } else if (/^\/workflow-definitions\/[^/]+\/execute$/.test(path)) {
    const instanceId = response.headers.get('x-elsa-workflow-instance-id');
    if (instanceId) studioEvents.dispatchEvent(new CustomEvent(workflowStarted, { detail: instanceId }));
  }
}

/**
 * Studio's HTTP client logs four lines per request at Information. Its appsettings.json asks for warnings only, but
 * the 3.8.2 host does not apply the "Logging" section (it never calls Logging.AddConfiguration), so those lines are
 * dropped here, before they reach the browser console.
 */
function quietHttpClientLogging(): void {
  const info = console.info.bind(console);
  console.info = (...data: unknown[]) => {
    if (typeof data[0] === 'string' && data[0].startsWith('info: System.Net.Http.HttpClient.')) return;
    info(...data);
  };
}
