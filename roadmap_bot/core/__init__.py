"""The pure core: values in, values out; no network, files, environment, clock or subprocess."""
