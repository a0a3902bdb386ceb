import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The web app lives under /app/ on the IntellyHub server: the shell's pages (/app/workflows…), its own assets
// (/app/assets/…) and Elsa Studio's files (/app/_framework/…, /app/_content/…), copied in by scripts/build.mjs.
// Studio resolves its files against <base href="/app/">, so they must sit next to the shell under one base.
export default defineConfig({
  base: '/app/',
  plugins: [
    vue({
      template: {
        compilerOptions: {
          // Elsa Studio's Blazor custom elements are created by the page, not by Vue.
          isCustomElement: tag => tag.startsWith('elsa-'),
        },
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev` against a running server (dotnet run --project src/IntellyHub.Server).
    proxy: {
      '/api': 'http://localhost:5000',
      '/elsa': 'http://localhost:5000',
      '/app/_framework': 'http://localhost:5000',
      '/app/_content': 'http://localhost:5000',
      '/app/appsettings.json': 'http://localhost:5000',
      '/app/Elsa.Studio.Host.CustomElements.styles.css': 'http://localhost:5000',
    },
  },
});
