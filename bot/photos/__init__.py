"""Customers' photos: taken in from the channels, stored re-encoded, read, kept with the case.

- :mod:`bot.photos.intake`: ``photo_metadata``, what every channel calls with the bytes it got;
- :mod:`bot.photos.storage`: where the files live (a directory outside the web root, or an
  S3-compatible bucket);
- :mod:`bot.photos.records`: the ``photos`` rows: attach to tickets and handoffs, list, delete.

Plain Python, no Rasa import (docs/LABEL_PHOTOS.md).
"""
