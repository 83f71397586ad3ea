// The renderer's entry: mounts the app into index.html. Runs in the Electron renderer or in a
// browser served by `lanes web`; which transport it gets is decided in lib/transport/client.ts.
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount Lanes into.');
mount(App, { target });
