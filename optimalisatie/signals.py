from django.dispatch import Signal

# Sent inside the decision's transaction for every advice the college decided on (alone or in
# a bundle), after its new state is saved. Arguments: advies.
college_decided = Signal()
