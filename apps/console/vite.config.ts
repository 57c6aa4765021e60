import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/ with asset URLs under /console/, where the control plane serves it. `@portico/source` makes
// the shared wire types resolve to their sources (they are type-only and vanish from the bundle).
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  resolve: { conditions: ['@portico/source'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
});
