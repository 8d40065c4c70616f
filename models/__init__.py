"""Models of the pipeline: VAD, ASR, dialogue (knowledge base, retrieval, filter), TTS."""
