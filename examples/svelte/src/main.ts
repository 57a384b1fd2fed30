// Importing the package defines <session-awareness> (and <session-list>) before Svelte renders,
// so Svelte sees the element's property setters and sets `strings` as a property.
import 'session-awareness';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

export default mount(App, { target });
