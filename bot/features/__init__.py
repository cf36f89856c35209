"""The product's features, each in a folder of its own: its flow, views and texts."""
