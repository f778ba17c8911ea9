/**
 * Renderer entry. Zod runs "jitless" (no `new Function`), so the strict CSP (no 'unsafe-eval') never fires.
 */
import './lib/zod-csp.js';
import './styles/theme.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { getStudio } from './bridge/index.js';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');
mount(App, { target, props: { getApi: getStudio } });
