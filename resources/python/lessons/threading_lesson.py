# The threading lesson: one worker thread counts from 1 to 10, pausing a second after each
# number, while the main program waits for it to finish.
import threading
import time


def count_slowly():
    for number in range(1, 11):
        print(number)
        time.sleep(1)


worker = threading.Thread(target=count_slowly)
worker.start()
worker.join()

print("Thread execution complete!")
