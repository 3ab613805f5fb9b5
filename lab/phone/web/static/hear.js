/* global speechSynthesis, URL, Audio, SpeechSynthesisUtterance, setTimeout */
// What the person hears: Speak prompts through the lab's WAV when it renders one (espeak-ng), else the browser's
// speech synthesis; PlayAudio files from the lab's S3. Played one after another; muting stops the sound only.
let queue = Promise.resolve();
let enabled = true;

export function setAloud(on) {
  enabled = on;
  if (!on && 'speechSynthesis' in window) speechSynthesis.cancel();
}

export function hear(prompt) {
  if (!enabled) return;
  queue = queue.then(() => play(prompt)).catch(() => {});
}

async function play(prompt) {
  if (prompt.kind === 'audio' && prompt.key)
    return playUrl(`/api/audio?key=${encodeURIComponent(prompt.key)}`);
  if (!prompt.text) return;
  const plain = prompt.text.replace(/<[^>]+>/g, ' ');
  const res = await fetch(`/api/speech?text=${encodeURIComponent(prompt.text)}`).catch(() => undefined);
  if (res && res.status === 200) return playUrl(URL.createObjectURL(await res.blob()));
  return speak(plain, prompt.kind === 'voice');
}

function playUrl(url) {
  return new Promise((resolve) => {
    const audio = new Audio(url);
    audio.onended = audio.onerror = () => resolve();
    audio.play().catch(() => resolve());
  });
}

function speak(text, otherVoice) {
  if (!('speechSynthesis' in window)) return Promise.resolve();
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    if (otherVoice) u.pitch = 0.7;
    u.onend = u.onerror = () => resolve();
    speechSynthesis.speak(u);
    // a browser without voices never ends the utterance; don't hold the queue forever
    setTimeout(resolve, 1500 + text.length * 90);
  });
}
