"""One small ``rx.State`` subclass per page or feature; each calls services only."""
