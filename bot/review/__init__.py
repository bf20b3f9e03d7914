"""The support leads' transcript review, built on Rasa's SQL tracker store (`events`).

Rasa keeps every event of every conversation in one table and cannot list
conversations. `summaries.refresh_summaries` folds new `events` rows into one
summary row per conversation (our `review_*` tables), which the list, the filters,
the exports and the dashboard read; transcripts are read from `events` directly.
"""
