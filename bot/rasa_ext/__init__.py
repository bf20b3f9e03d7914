"""The classes Rasa loads by name: the NLU component, policies, tracker store, lock store, patches. Imports rasa."""
