"""Models on this computer: the catalog, downloads from the Hugging Face Hub, the model
store, GGUF conversion and moving the models folder."""
