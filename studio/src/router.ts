import { createRouter, createWebHistory } from 'vue-router';
import { loadSession, onSessionExpired, session } from './session/session';
import { loadStudio } from './studio/studio';

/**
 * The shell's pages, all under /app/ (the server answers index.html for them, so a reload or a shared link keeps the
 * page). /workflows/… at the root stays free for HTTP-triggered flows.
 */
export const router = createRouter({
  history: createWebHistory('/app/'),
  routes: [
    { path: '/', redirect: '/workflows' },
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'Sign in' } },
    { path: '/workflows', name: 'workflows', component: () => import('./views/WorkflowsView.vue'), meta: { title: 'Workflows' } },
    { path: '/workflows/:definitionId', name: 'designer', component: () => import('./views/DesignerView.vue'), props: true, meta: { title: 'Designer' } },
    { path: '/instances', name: 'instances', component: () => import('./views/InstancesView.vue'), meta: { title: 'Instances' } },
    { path: '/instances/:instanceId', name: 'instance', component: () => import('./views/InstanceView.vue'), props: true, meta: { title: 'Instance' } },
    { path: '/:unknown(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { public: true, title: 'Not found' } },
  ],
});

router.beforeEach(async to => {
  if (!session.checked) {
    try {
      await loadSession();
    } catch {
      // server unreachable: treated as signed out; the login page says what happens next
    }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return redirectTarget(to.query.redirect) ?? { name: 'workflows' };
    return true;
  }
  if (!session.user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  // Signed in: have Studio start in the background, so it is warm when a page needs it.
  loadStudio().catch(() => undefined);
  return true;
});

router.afterEach(to => {
  document.title = to.meta.title ? `${String(to.meta.title)} · IntellyHub` : 'IntellyHub';
});

/** A session that ends while a page is open goes to the login page, back to where it was afterwards. */
onSessionExpired(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } });
});

/**
 * A page restored from the browser's back-forward cache was not re-rendered by the router: if the session ended
 * meanwhile (signed out, maybe in another tab), its content must not stay on screen.
 */
window.addEventListener('pageshow', event => {
  if (!event.persisted) return;
  loadSession()
    .then(user => {
      if (!user) window.location.replace('/app/login');
    })
    .catch(() => window.location.replace('/app/login'));
});

/** Only paths of this app are followed after sign-in (never another origin). */
export function redirectTarget(value: unknown): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !text.startsWith('/') || text.startsWith('//') || text.startsWith('/login')) return null;
  return text;
}
