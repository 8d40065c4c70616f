// Embedding the avatar in your own page: connect, show captions, offer 다시 듣기.
import { AvatarClient } from '../avatar-client.js'; // after `npm install ./web_client`: 'silver-avatar-client'

const avatar = new AvatarClient();
const $ = (selector) => document.querySelector(selector);

avatar.on('caption', (message) => { $('#caption').textContent = message.text; });
avatar.on('error', (error) => { $('#caption').textContent = error.message; });

$('#start').onclick = () =>
  avatar.connect('/', { videoElement: $('#avatar') }).catch((error) => { $('#caption').textContent = error.message; });
$('#again').onclick = () => avatar.repeat();
