"""Task extraction: the task items of a conclusion notice, plan or action programme.

Public API lives in roviec.engine.tasks (`find_tasks`, `TaskItem`, `Addressee`, `Organization`).
"""
