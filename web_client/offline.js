// The offline page: say whose side is down, and come back by itself when the server answers again.
(() => {
  const lead = document.getElementById('offline-lead');
  const title = document.getElementById('offline-title');
  function explain() {
    if (navigator.onLine === false) {
      title.textContent = '인터넷에 연결되어 있지 않아요';
      lead.textContent = '이 기기의 와이파이나 데이터가 꺼져 있거나 끊겼어요. 연결을 확인한 뒤 아래 버튼을 눌러 주세요.';
    }
  }
  explain();
  window.addEventListener('offline', explain);
  window.addEventListener('online', () => location.reload());
  // Ask the server every 15 s; when it answers, go back to the real page.
  setInterval(() => {
    fetch('./', { method: 'HEAD', cache: 'no-store' }).then((res) => { if (res.ok) location.reload(); }).catch(() => {});
  }, 15000);
})();
