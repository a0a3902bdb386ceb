import { ref, watch } from 'vue';

export type Theme = 'light' | 'dark';

const storageKey = 'ih.theme';

/** The current theme; index.html set it before the first paint (saved choice, else the system's). */
export const theme = ref<Theme>(document.documentElement.getAttribute('data-theme') === 'dark' ? 'dark' : 'light');

watch(theme, value => {
  document.documentElement.setAttribute('data-theme', value);
  try {
    localStorage.setItem(storageKey, value);
  } catch {
    // storage blocked: the choice lasts for this page
  }
});

export function toggleTheme(): void {
  theme.value = theme.value === 'dark' ? 'light' : 'dark';
}
