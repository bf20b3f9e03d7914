"""Settings, the database, our tables and Rasa's events table: plain Python, no Rasa."""
