"""The console web app: customer chat page, agents' console, review, JSON API.

`python -m bot.web` serves it on `CONSOLE_PORT`; `create_app(settings)` builds it.
"""
