// Importing the package defines <session-awareness> (and <session-list>) before Vue mounts, so Vue sees the
// element's `strings` property and sets it as a property.
import 'session-awareness';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
