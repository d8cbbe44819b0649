"""CBC, the only mode of the stand-in."""


class CBC:
    name = "CBC"

    def __init__(self, initialization_vector: bytes) -> None:
        if not isinstance(initialization_vector, (bytes, bytearray, memoryview)):
            raise TypeError("initialization_vector must be bytes-like")
        self.initialization_vector = bytes(initialization_vector)
