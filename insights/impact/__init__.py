"""The impact report: income against the regional minimum wage, retention and
the training funnel, the community economy, charity reach and turnover.

Each figure is one selector in one of these modules, a fixed number of
queries whatever the number of orders; ``report`` puts them together for a
viewer, hiding what their role may not see.
"""
