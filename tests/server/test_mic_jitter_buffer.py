"""The server releases microphone packets at once (aiortc would hold 80 ms of them back)."""

from aiortc import RTCPeerConnection

from server.peers import MIC_PREFETCH, release_audio_at_once


async def test_microphone_jitter_buffer_is_shortened_on_a_real_receiver():
    pc = RTCPeerConnection()
    try:
        transceiver = pc.addTransceiver("audio", direction="recvonly")
        receiver = transceiver.receiver
        # pinned aiortc keeps the buffer in a private attribute: fail loudly if that changes
        assert receiver._RTCRtpReceiver__jitter_buffer._prefetch == 4
        assert release_audio_at_once(pc, receiver.track)
        assert receiver._RTCRtpReceiver__jitter_buffer._prefetch == MIC_PREFETCH
    finally:
        await pc.close()
