// A bare WebRTC peer in the page (no client library): offer, events, decoded frames, reply loudness.
async (opts) => {
  const log = (window.__av = { events: [], ice: [], frames: 0, audio: [], mouth: [], errors: [] });
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.oniceconnectionstatechange = () => log.ice.push(pc.iceConnectionState);
  const mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  pc.addTransceiver(mic.getAudioTracks()[0], { direction: 'sendrecv' });
  pc.addTransceiver('video', { direction: 'recvonly' });
  const dc = pc.createDataChannel('events', { ordered: true });
  dc.onmessage = (e) => {
    const ev = JSON.parse(e.data);
    if (ev.type === 'session' && ev.mouth_box) log.mouthBox = ev.mouth_box;
    log.events.push({ t: performance.now(), ev });
  };
  const remote = new MediaStream();
  pc.ontrack = (e) => remote.addTrack(e.track);
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
    setTimeout(resolve, 3000);
  });
  const resp = await fetch('/api/offer', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sdp: pc.localDescription.sdp, type: 'offer' }),
  });
  const answer = await resp.json();
  if (!resp.ok) throw new Error(JSON.stringify(answer));
  log.sessionId = answer.session_id;
  await pc.setRemoteDescription({ sdp: answer.sdp, type: answer.type });
  const { startLipSync } = await import('/avatar-client.js');  // the client library's lip-sync loop
  startLipSync(pc, { intervalMs: 500 });

  const video = document.createElement('video');
  video.autoplay = true; video.playsInline = true; video.srcObject = remote;
  document.body.appendChild(video);
  await video.play().catch((e) => log.errors.push(String(e)));
  const canvas = document.createElement('canvas');
  const ctx2d = canvas.getContext('2d', { willReadFrequently: true });
  const onFrame = (now, meta) => {
    log.frames += 1;
    const box = opts.mouthBox || log.mouthBox;
    if (box && video.videoWidth) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      ctx2d.drawImage(video, 0, 0);
      const px = ctx2d.getImageData(box[0], box[1], box[2], box[3]).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if ((px[i] + px[i + 1] + px[i + 2]) / 3 < 70) dark += 1;
      log.mouth.push({ t: meta.expectedDisplayTime, dark: dark / (px.length / 4) });
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);

  const actx = new AudioContext();
  await actx.resume();
  const source = actx.createMediaStreamSource(remote);
  const analyser = actx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  const sample = () => {
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const x of buf) sum += x * x;
    log.audio.push({ t: performance.now(), db: 10 * Math.log10(sum / buf.length + 1e-12) });
  };
  log.audioTimer = setInterval(sample, 10);
  window.__avStats = async () => {
    const out = {};
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp') {
        out[r.kind] = {
          jitterBufferMs: r.jitterBufferEmittedCount ? (1000 * r.jitterBufferDelay) / r.jitterBufferEmittedCount : null,
          decodeMs: r.framesDecoded ? (1000 * r.totalDecodeTime) / r.framesDecoded : null,
          framesDropped: r.framesDropped, concealedSamples: r.concealedSamples, jitter: r.jitter,
        };
      }
    });
    out.outputLatencyMs = 1000 * ((actx.baseLatency || 0) + (actx.outputLatency || 0));
    return out;
  };
  return answer.session_id;
}
