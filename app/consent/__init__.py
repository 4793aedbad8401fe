"""The disclosure policy (DESIGN §7): categories, the rule table, and the decision function.

Every read path asks `decide` what a recipient may see of an object at a moment; a category the
answer does not list is withheld.
"""
