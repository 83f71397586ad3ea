# The multiprocessing lesson: the same counting function, run in a separate operating-system
# process with its own memory, while the main program waits for it to finish.
import multiprocessing
import time


def count_slowly():
    for number in range(1, 11):
        print(number)
        time.sleep(1)


if __name__ == "__main__":
    worker = multiprocessing.Process(target=count_slowly)
    worker.start()
    worker.join()

    print("Process execution complete!")
