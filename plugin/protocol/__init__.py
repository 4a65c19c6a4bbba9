"""plugin/protocol"""
